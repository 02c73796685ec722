/// `gleaner parse --json`: the contract documented in README.md ("The `parse --json` contract").
extension ParsedFeed {
    public var json: String {
        var w = JSONWriter()
        w.beginObject()
        w.field("format", format)
        w.field("encoding", encoding)
        w.field("wellformed", wellformed)
        w.key("problems"); w.beginArray(); for p in problems { w.value(p) }; w.endArray()
        w.key("feed"); feed.write(to: &w)
        w.key("articles"); w.beginArray(); for a in articles { a.write(to: &w) }; w.endArray()
        w.endObject()
        return w.string
    }
}

extension FeedInfo {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("title", title)
        w.field("link", link)
        Link.write(links, to: &w)
        w.field("description", description)
        w.field("language", language)
        w.field("updated", updated)
        Person.write("authors", authors, to: &w)
        Person.write("contributors", contributors, to: &w)
        w.field("image", image)
        w.field("generator", generator)
        w.field("self", selfLink)
        w.field("ttl", ttl)
        w.field("update_period", updatePeriod)
        w.field("update_frequency", updateFrequency)
        if !skipHours.isEmpty { w.key("skip_hours"); w.beginArray(); for h in skipHours { w.value(h) }; w.endArray() }
        w.field("skip_days", strings: skipDays)
        w.endObject()
    }
}

extension Article {
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("id", id)
        w.field("title", title)
        w.field("link", link)
        Link.write(links, to: &w)
        w.field("published", published)
        w.field("updated", updated)
        Person.write("authors", authors, to: &w)
        Person.write("contributors", contributors, to: &w)
        w.field("summary", summary)
        if summary != nil { w.field("summary_type", summaryType?.rawValue) }
        w.field("content", content)
        if content != nil { w.field("content_type", contentType?.rawValue) }
        w.field("categories", strings: categories)
        Enclosure.write(enclosures, to: &w)
        w.field("language", language)
        w.field("comments", comments)
        w.field("image", image)
        w.field("duration", duration)
        w.field("comment_count", commentCount)
        w.field("comments_feed", commentsFeed)
        w.endObject()
    }
}

extension Link {
    /// The JSON array of links (the parse contract's `links`, and how the store keeps them).
    public static func writeArray(_ links: [Link], to w: inout JSONWriter) {
        w.beginArray()
        for l in links {
            w.beginObject()
            w.field("href", l.href)
            w.field("rel", l.rel)
            w.field("type", l.type)
            w.field("title", l.title)
            w.field("hreflang", l.hreflang)
            w.field("length", l.length)
            w.endObject()
        }
        w.endArray()
    }

    static func write(_ links: [Link], to w: inout JSONWriter) {
        guard !links.isEmpty else { return }
        w.key("links")
        writeArray(links, to: &w)
    }
}

extension Person {
    /// The JSON array of people: `{"name", "email", "uri"}`, each key only when known.
    public static func writeArray(_ people: [Person], to w: inout JSONWriter) {
        w.beginArray()
        for p in people {
            w.beginObject()
            w.field("name", p.name)
            w.field("email", p.email)
            w.field("uri", p.uri)
            w.endObject()
        }
        w.endArray()
    }

    static func write(_ key: String, _ people: [Person], to w: inout JSONWriter) {
        guard !people.isEmpty else { return }
        w.key(key)
        writeArray(people, to: &w)
    }
}

extension Enclosure {
    /// The JSON array of enclosures: `{"url", "type", "length"}`.
    public static func writeArray(_ enclosures: [Enclosure], to w: inout JSONWriter) {
        w.beginArray()
        for e in enclosures {
            w.beginObject()
            w.field("url", e.url)
            w.field("type", e.type)
            w.field("length", e.length)
            w.endObject()
        }
        w.endArray()
    }

    static func write(_ enclosures: [Enclosure], to w: inout JSONWriter) {
        guard !enclosures.isEmpty else { return }
        w.key("enclosures")
        writeArray(enclosures, to: &w)
    }
}
