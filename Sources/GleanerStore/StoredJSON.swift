import GleanerModel

/// The JSON kept in text columns (tags, authors, categories, enclosures, links): written with the model's
/// `JSONWriter` so that it reads well in `sqlite3` and `json_each()`; absent values are omitted. Empty lists
/// are stored as NULL, which costs nothing to write on the hot path.
package enum StoredJSON {
    package static func strings(_ values: [String]) -> String {
        var w = JSONWriter()
        w.beginArray()
        for v in values { w.value(v) }
        w.endArray()
        return w.string
    }

    package static func nonEmptyStrings(_ values: [String]) -> String? {
        values.isEmpty ? nil : strings(values)
    }

    package static func people(_ people: [Person]) -> String? {
        people.isEmpty ? nil : array { Person.writeArray(people, to: &$0) }
    }

    package static func enclosures(_ enclosures: [Enclosure]) -> String? {
        enclosures.isEmpty ? nil : array { Enclosure.writeArray(enclosures, to: &$0) }
    }

    package static func links(_ links: [Link]) -> String? {
        links.isEmpty ? nil : array { Link.writeArray(links, to: &$0) }
    }

    private static func array(_ write: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        write(&w)
        return w.string
    }

    /// Reads back a JSON array of strings (what `strings(_:)` writes, or any valid equivalent); nil when the
    /// text is not one.
    package static func decodeStrings(_ text: String) -> [String]? {
        guard let items = JSONValue.parse(Array(text.utf8))?.array else { return nil }
        let strings = items.compactMap(\.string)
        return strings.count == items.count ? strings : nil
    }

    /// Reads back what `people(_:)` writes; empty for NULL or anything else.
    package static func decodePeople(_ text: String?) -> [Person] {
        objects(text).map { Person(name: $0["name"]?.text, email: $0["email"]?.text, uri: $0["uri"]?.text) }
    }

    /// Reads back what `enclosures(_:)` writes; empty for NULL or anything else.
    package static func decodeEnclosures(_ text: String?) -> [Enclosure] {
        objects(text).compactMap { o in
            guard let url = o["url"]?.text else { return nil }
            return Enclosure(url: url, type: o["type"]?.text, length: o["length"]?.text.flatMap { Int64($0) })
        }
    }

    /// An array of objects (the shared JSON reader in GleanerModel); empty for NULL or anything else.
    private static func objects(_ text: String?) -> [JSONValue] {
        guard let text, let items = JSONValue.parse(Array(text.utf8))?.array else { return [] }
        return items.filter { if case .object = $0 { return true } else { return false } }
    }
}
