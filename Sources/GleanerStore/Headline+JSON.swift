import GleanerModel

extension Headline {
    /// The fields of one `headlines --json` line, in order: the contract in Tests/Contracts/OUTPUT.md (tests
    /// read that file and check each field is produced). Hooks get the same lines.
    public static let jsonFields = ["seq", "feed", "feed_url", "id", "title", "link", "published", "updated",
                                    "fetched", "authors", "categories", "summary", "enclosures", "language",
                                    "full_text", "full_html", "also_in"]

    /// One line of `headlines --json`; absent values and empty lists are omitted, never null.
    public var jsonLine: String {
        var w = JSONWriter()
        w.beginObject()
        w.key("seq"); w.value(seq)
        w.field("feed", feedName)
        w.field("feed_url", URLUserInfo.stripped(feedURL))
        w.field("id", id)
        w.field("title", title)
        w.field("link", link)
        w.field("published", published ?? updated)
        w.field("updated", updated)
        w.field("fetched", fetched)
        if !authors.isEmpty {
            w.key("authors")
            Person.writeArray(authors, to: &w)
        }
        w.field("categories", strings: categories)
        w.field("summary", summary)
        if !enclosures.isEmpty {
            w.key("enclosures")
            Enclosure.writeArray(enclosures, to: &w)
        }
        w.field("language", language)
        w.field("full_text", fullText)
        w.field("full_html", fullHTML)
        if !alsoIn.isEmpty {
            w.key("also_in"); w.beginArray()
            for d in alsoIn {
                w.beginObject(); w.key("seq"); w.value(d.seq); w.field("feed", d.feedName); w.field("feed_url", URLUserInfo.stripped(d.feedURL))
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
        return w.string
    }
}
