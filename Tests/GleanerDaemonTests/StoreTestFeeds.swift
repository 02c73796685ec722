import Foundation

/// RSS documents for the store-facing CLI tests.
enum StoreTestFeeds {
    struct Item {
        var guid: String
        var title: String
        var link: String
        var extra = ""
    }

    static func rss(title: String = "Test feed", items: [Item]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>\(title)</title><link>https://example.org/</link>
        \(items.map { "<item><guid>\($0.guid)</guid><title>\($0.title)</title><link>\($0.link)</link>\($0.extra)</item>" }.joined(separator: "\n"))
        </channel></rss>
        """
    }

    static func simple(_ prefix: String, _ range: ClosedRange<Int>) -> String {
        rss(title: prefix, items: range.reversed().map {
            Item(guid: "\(prefix)-\($0)", title: "\(prefix) story \($0)", link: "https://example.org/\(prefix)/\($0)")
        })
    }

    static func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }
}
