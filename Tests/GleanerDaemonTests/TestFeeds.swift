/// Small RSS 2.0 documents for tests: `items` are (guid, title), newest first.
func rssDocument(items: [(String, String)], channelExtra: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <rss version="2.0"><channel><title>Test feed</title><link>https://example.org/</link>\(channelExtra)
    \(items.map { "<item><guid>\($0.0)</guid><title>\($0.1)</title><link>https://example.org/\($0.0)</link></item>" }.joined(separator: "\n"))
    </channel></rss>
    """
}
