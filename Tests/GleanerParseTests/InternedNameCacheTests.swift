import CLibXML2
import Testing
@testable import GleanerParse

/// `InternedNameCache` classifies each name of a libxml2 dictionary once per document, however the names'
/// addresses fall in its table, and never caches a pointer the dictionary does not own.
@Suite struct InternedNameCacheTests {
    /// Counts how often the cache falls back to identifying a name. Only used from one test at a time.
    final class Counter: @unchecked Sendable { var calls: [String: Int] = [:] }

    static func cache(_ counter: Counter) -> InternedNameCache<LocalName> {
        InternedNameCache<LocalName> { bytes in
            counter.calls[String(decoding: bytes, as: UTF8.self), default: 0] += 1
            return LocalName.identify(bytes)
        }
    }

    @Test func eachDictionaryNameIsIdentifiedOnce() throws {
        let dict = try #require(xmlDictCreate())
        defer { xmlDictFree(dict) }
        // Sixty names, as a feed with several namespaces has, interned as libxml2 interns element names:
        // however their addresses map onto the table, none may push another out.
        let names = (0..<60).map { $0 % 3 == 0 ? "item\($0)" : $0 % 3 == 1 ? "title-\($0)" : "dc:x\($0)" }
        let pointers = try names.map { name in
            try #require(name.withCString { xmlDictLookup(dict, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), -1) })
        }
        let counter = Counter()
        let cache = Self.cache(counter)
        for _ in 0..<50 {
            for p in pointers { _ = cache.lookup(p, dict: dict) }
        }
        #expect(counter.calls.count == names.count)
        #expect(counter.calls.values.allSatisfy { $0 == 1 }, "identified again: \(counter.calls.filter { $0.value > 1 })")
    }

    @Test func cachedNamesKeepTheirValue() throws {
        let dict = try #require(xmlDictCreate())
        defer { xmlDictFree(dict) }
        let counter = Counter()
        let cache = Self.cache(counter)
        for name in ["item", "title", "link", "entry", "pubDate", "nothing-known"] {
            let p = try #require(name.withCString { xmlDictLookup(dict, UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self), -1) })
            let expected = LocalName.identify(UnsafeBufferPointer(start: p, count: name.utf8.count))
            #expect(cache.lookup(p, dict: dict) == expected)
            #expect(cache.lookup(p, dict: dict) == expected)
        }
    }

    @Test func pointersOutsideTheDictionaryAreNotCached() throws {
        let dict = try #require(xmlDictCreate())
        defer { xmlDictFree(dict) }
        let counter = Counter()
        let cache = Self.cache(counter)
        let name = Array("title".utf8) + [0]
        name.withUnsafeBufferPointer { b in
            for _ in 0..<3 { #expect(cache.lookup(b.baseAddress!, dict: dict) == .title) }
        }
        #expect(counter.calls["title"] == 3)
    }
}
