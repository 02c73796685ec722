import GleanerModel
@testable import GleanerParse
import Testing

/// Attribute values that are only compared (`isPermaLink`, `medium`, a media type, an image file name) are
/// read from their bytes: letter case, surrounding white space and character references must count as they
/// did when each was made a String and lower-cased.
@Suite struct AttributeKeywordTests {
    static func item(_ inner: String) -> Article? {
        parse("""
            <rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
                 xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
            <channel><title>t</title><item><title>x</title>\(inner)</item></channel></rss>
            """).articles.first
    }

    /// A guid is the item's link unless `isPermaLink` says false (RSS 2.0), in any case and spacing.
    @Test(arguments: [
        ("", true), (#" isPermaLink="true""#, true), (#" isPermaLink="""#, true), (#" isPermaLink="  ""#, true),
        (#" isPermaLink="false""#, false), (#" isPermaLink=" FALSE ""#, false), (#" isPermaLink="False""#, false),
        (#" isPermaLink="&#102;alse""#, false), (#" isPermaLink="falsey""#, true), (#" isPermaLink="fals""#, true),
    ] as [(String, Bool)])
    func guidIsTheLinkUnlessNotAPermalink(attribute: String, isLink: Bool) {
        let a = Self.item("<guid\(attribute)>http://example.com/p/1</guid>")
        #expect(a?.id == "http://example.com/p/1")
        #expect(a?.link == (isLink ? "http://example.com/p/1" : nil))
    }

    /// `medium` decides when present (any case, white space around it); then the type; then the extension.
    @Test(arguments: [
        (#"url="http://e.x/a.mp4" type="video/mp4" medium="Image""#, true),
        (#"url="http://e.x/a.jpg" medium=" video ""#, false),
        (#"url="http://e.x/a.jpg" medium="imagery""#, false),
        (#"url="http://e.x/a.jpg" medium="&#105;mage""#, true),
        (#"url="http://e.x/a.bin" medium="  " type="IMAGE/PNG""#, true),
        (#"url="http://e.x/a.jpg" type="audio/mpeg""#, false),
        (#"url="http://e.x/a.jpg" type="imag""#, false),
        (#"url="http://e.x/photo.JPEG?w=1""#, true),
        (#"url="http://e.x/a.mp3?f=.png""#, false),
        (#"url="http://e.x/png""#, false),
    ] as [(String, Bool)])
    func mediaContentIsAnImageOrAnEnclosure(attributes: String, isImage: Bool) {
        let a = Self.item("<media:content \(attributes)/>")
        let url = attributes.split(separator: "\"")[1]
        if isImage {
            #expect(a?.image == String(url))
            #expect(a?.enclosures.isEmpty == true)
        } else {
            #expect(a?.image == nil)
            #expect(a?.enclosures.map(\.url) == [String(url)])
        }
    }

    /// `itunes:image` takes `href`, or `url` when there is no `href`; a blank `href` gives no image.
    @Test(arguments: [
        (#"href=" http://e.x/c.jpg ""#, "http://e.x/c.jpg"),
        (#"url="http://e.x/u.jpg""#, "http://e.x/u.jpg"),
        (#"href="http://e.x/h.jpg" url="http://e.x/u.jpg""#, "http://e.x/h.jpg"),
        (#"href=" " url="http://e.x/u.jpg""#, nil),
        (#"href="http://e.x/a&amp;b.jpg""#, "http://e.x/a&b.jpg"),
    ] as [(String, String?)])
    func itunesImage(attributes: String, image: String?) {
        #expect(Self.item("<itunes:image \(attributes)/>")?.image == image)
    }

    @Test func byteComparisonsFoldASCIILettersOnly() {
        #expect(SAXElement.equalsIgnoringASCIICase(Array("FaLsE".utf8), "false"))
        #expect(!SAXElement.equalsIgnoringASCIICase(Array("false ".utf8), "false"))
        // `[` (0x5B) and `{` (0x7B) differ only in bit 5, as `Z` and `z` do: only letters are folded.
        #expect(!SAXElement.equalsIgnoringASCIICase(Array("[".utf8), "{"))
        #expect(SAXElement.hasPrefixIgnoringASCIICase("Image/JPEG".utf8, "image/"))
        #expect(!SAXElement.hasPrefixIgnoringASCIICase("imag".utf8, "image/"))
    }
}
