import GleanerModel
import Testing
@testable import GleanerParse

/// Links that leave Gleaner (store, `--json`, hooks) are http or https (or relative, or `mailto:` for an
/// author's URI); any other scheme is dropped with a problem, in every link field of RSS, Atom and JSON Feed.
@Suite struct LinkSchemeTests {
    /// Hostile values as they are written in XML (entities and all).
    static let hostile: [String] = [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\tjavascript:alert(1)",
        "java&#x09;script:alert(1)", "java&#x0A;script:alert(1)", "&#x20;javascript:alert(1)",
        "javascript&#x3A;alert(1)", "javascript&#58;alert(1)", "vbscript:msgbox(1)", "VBScript:msgbox(1)",
        "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;", "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd", "FILE:///etc/passwd", "jar:http://x/y!/z",
    ]

    /// Every URL the parse gives, wherever it is.
    static func urls(_ p: ParsedFeed) -> [String] {
        var out: [String] = []
        func people(_ ps: [Person]) { for x in ps { if let u = x.uri { out.append(u) } } }
        out += [p.feed.link, p.feed.image, p.feed.selfLink].compactMap { $0 }
        out += p.feed.links.map(\.href)
        people(p.feed.authors); people(p.feed.contributors)
        for a in p.articles {
            out += [a.link, a.comments, a.commentsFeed, a.image].compactMap { $0 }
            out += a.links.map(\.href)
            out += a.enclosures.map(\.url)
            people(a.authors); people(a.contributors)
        }
        return out
    }

    /// What a browser would take for the scheme: lower case, white space and controls removed.
    static func isDangerous(_ url: String) -> Bool {
        let squeezed = String(url.unicodeScalars.filter { $0.value > 0x20 }.map(Character.init)).lowercased()
        return ["javascript:", "vbscript:", "data:", "file:", "jar:"].contains { squeezed.hasPrefix($0) }
    }

    /// One template per link field; `X` stands for the value.
    static let fields: [(String, String)] = [
        ("rss item link", #"<rss version="2.0"><channel><title>t</title><item><title>i</title><link>X</link></item></channel></rss>"#),
        ("rss channel link", #"<rss version="2.0"><channel><title>t</title><link>X</link><item><title>i</title></item></channel></rss>"#),
        ("rss enclosure", #"<rss version="2.0"><channel><item><title>i</title><enclosure url="X" type="audio/mpeg" length="1"/></item></channel></rss>"#),
        ("rss comments", #"<rss version="2.0"><channel><item><title>i</title><comments>X</comments></item></channel></rss>"#),
        ("wfw:commentRss", #"<rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel><item><title>i</title><wfw:commentRss>X</wfw:commentRss></item></channel></rss>"#),
        ("rss image url", #"<rss version="2.0"><channel><title>t</title><image><url>X</url></image><item><title>i</title></item></channel></rss>"#),
        ("media:content", #"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>i</title><media:content url="X" type="video/mp4"/></item></channel></rss>"#),
        ("media:content image", #"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>i</title><media:content url="X" medium="image"/></item></channel></rss>"#),
        ("media:thumbnail", #"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><title>i</title><media:thumbnail url="X"/></item></channel></rss>"#),
        ("itunes:image", #"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><itunes:image href="X"/><item><title>i</title><itunes:image href="X"/></item></channel></rss>"#),
        ("atom entry link", #"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>i</title><link href="X"/></entry></feed>"#),
        ("atom feed link", #"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><link rel="alternate" href="X"/><link rel="self" href="X"/><entry><title>i</title></entry></feed>"#),
        ("atom enclosure", #"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>i</title><link rel="enclosure" href="X" type="audio/mpeg"/></entry></feed>"#),
        ("atom author uri", #"<feed xmlns="http://www.w3.org/2005/Atom"><author><name>n</name><uri>X</uri></author><entry><title>i</title><author><name>n</name><uri>X</uri></author></entry></feed>"#),
        ("atom contributor uri", #"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>i</title><contributor><name>n</name><uri>X</uri></contributor></entry></feed>"#),
        ("atom logo", #"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><logo>X</logo><entry><title>i</title></entry></feed>"#),
        ("atom icon", #"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><icon>X</icon><entry><title>i</title></entry></feed>"#),
    ]

    static var cases: [(String, String)] {
        fields.flatMap { f in hostile.map { (f.0, f.1.replacingOccurrences(of: "X", with: $0)) } }
    }

    @Test(arguments: cases)
    func droppedWithAProblem(field: String, xml: String) {
        let p = parse(xml, documentURL: "http://example.com/feed.xml")
        let bad = Self.urls(p).filter(Self.isDangerous)
        #expect(bad.isEmpty, "\(field): \(bad)")
        #expect(p.problems.contains { $0.contains("dropped: only http and https") }, "\(field): \(p.problems) for \(xml)")
        #expect(!p.articles.isEmpty, "\(field)")
    }

    /// The same fields keep http, https and relative links (resolved).
    @Test(arguments: fields)
    func webLinksKept(field: String, template: String) {
        for (value, expected) in [("https://example.org/a", "https://example.org/a"), ("HTTP://example.org/b", "HTTP://example.org/b"),
                                  ("/c", "http://example.com/c"), ("d?x=1", "http://example.com/d?x=1")] {
            let p = parse(template.replacingOccurrences(of: "X", with: value), documentURL: "http://example.com/feed.xml")
            #expect(Self.urls(p).contains(expected), "\(field): \(value) gave \(Self.urls(p))")
            #expect(!p.problems.contains { $0.contains("dropped") }, "\(field): \(p.problems)")
        }
    }

    /// `mailto:` is an author's URI that makes sense; it is not a link of an entry.
    @Test func mailtoOnlyForPeople() {
        let atom = #"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>i</title><link href="mailto:a@example.org"/><author><name>n</name><uri>mailto:a@example.org</uri></author></entry></feed>"#
        let p = parse(atom, documentURL: "http://example.com/feed.xml")
        #expect(p.articles.first?.authors.first?.uri == "mailto:a@example.org")
        #expect(p.articles.first?.link == nil)
        #expect(p.problems.count == 1)
    }

    /// A `javascript:` xml:base does not make relative links `javascript:` links: they resolve against the
    /// base around it (here the document's address).
    @Test(arguments: ["javascript:alert(1)//", "JAVASCRIPT:alert(1)/x/", " javascript:alert(1)/", "vbscript:x/", "data:text/html,x/", "file:///etc/"])
    func hostileXMLBaseIsIgnored(base: String) {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="\(base)"><title>t</title><link href="home"/>
            <entry xml:base="\(base)"><title>i</title><link href="post/1"/><link rel="enclosure" href="a.mp3"/>
            <author><name>n</name><uri>me</uri></author><content type="html">&lt;a href="x"&gt;x&lt;/a&gt;</content></entry></feed>
            """
        let p = parse(atom, documentURL: "http://example.com/feed.xml")
        #expect(Self.urls(p).filter(Self.isDangerous).isEmpty, "\(Self.urls(p))")
        #expect(p.feed.link == "http://example.com/home")
        #expect(p.articles.first?.link == "http://example.com/post/1")
        #expect(p.articles.first?.enclosures.first?.url == "http://example.com/a.mp3")
        #expect(p.articles.first?.authors.first?.uri == "http://example.com/me")
        #expect(p.articles.first?.content == #"<a href="http://example.com/x" rel="noopener noreferrer">x</a>"#)
        #expect(p.problems.contains { $0.contains("dropped") })
    }

    /// Without a document address either, relative links stay relative (no scheme), never `javascript:`.
    @Test func hostileXMLBaseWithoutAddress() {
        let atom = #"<feed xmlns="http://www.w3.org/2005/Atom"><entry xml:base="javascript:alert(1)//"><title>i</title><link href="post/1"/></entry></feed>"#
        let p = parse(atom)
        #expect(p.articles.first?.link == "post/1")
    }

    /// JSON Feed: `home_page_url`, `feed_url`, `icon`, item `url`, `external_url`, `image`, attachments and
    /// author URLs.
    @Test(arguments: ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\\tscript:alert(1)",
                      "vbscript:x", "data:text/html,x", "file:///etc/passwd"])
    func jsonFeed(value: String) {
        let json = """
            {"version": "https://jsonfeed.org/version/1.1", "title": "t", "home_page_url": "\(value)", "feed_url": "\(value)",
             "icon": "\(value)", "authors": [{"name": "n", "url": "\(value)"}],
             "items": [{"id": "1", "url": "\(value)", "external_url": "\(value)", "image": "\(value)",
                        "authors": [{"name": "n", "url": "\(value)"}],
                        "attachments": [{"url": "\(value)", "mime_type": "audio/mpeg"}, {"url": "rel.mp3"}]}]}
            """
        let p = parse(json, documentURL: "http://example.com/feed.json")
        #expect(Self.urls(p).filter(Self.isDangerous).isEmpty, "\(Self.urls(p))")
        #expect(p.articles.first?.link == nil)
        #expect(p.articles.first?.enclosures.map(\.url) == ["http://example.com/rel.mp3"])
        #expect(p.problems.contains { $0.contains("dropped") })
    }

    /// A JSON Feed without a document address takes its base from `feed_url` only when that is http(s).
    @Test func jsonFeedHostileBase() {
        let json = #"{"version": "1.1", "feed_url": "javascript:alert(1)//", "home_page_url": "https://example.org/", "items": [{"id": "1", "url": "p/1"}]}"#
        let p = parse(json)
        #expect(p.articles.first?.link == "https://example.org/p/1")
    }

    /// The scheme classifier itself.
    @Test func schemes() {
        #expect(URLResolver.scheme("https://x") == .https)
        #expect(URLResolver.scheme("HtTp://x") == .http)
        #expect(URLResolver.scheme("mailto:a@b") == .mailto)
        #expect(URLResolver.scheme("java\tscript:x") == .other)
        #expect(URLResolver.scheme("java%09script:x") == .other)
        #expect(URLResolver.scheme("/a:b") == .none)
        #expect(URLResolver.scheme("a?b:c") == .none)
        #expect(URLResolver.schemeName("JavaScript:alert(1)") == "javascript")
        #expect(URLResolver.schemeName("java\tscript:x") == "javascript")
    }
}
