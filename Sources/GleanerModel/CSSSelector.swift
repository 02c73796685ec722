/// A small CSS selector subset, compiled to XPath 1.0 for libxml2 (per-site full-text rules,
/// `fulltext-selector` and `fulltext-remove`).
///
/// Supported: type selectors (`article`, `*`), `.class`, `#id`, `[attr]`, `[attr=value]` (value bare or
/// quoted), the descendant (white space) and child (`>`) combinators, and comma-separated lists. Anything else
/// (pseudo-classes, `+`, `~`, other attribute operators) is refused with a message, so that a rule never
/// silently matches something other than what it says.
public struct CSSSelector: Sendable, Hashable, CustomStringConvertible {
    /// The selector as written.
    public let text: String
    /// The same, as an XPath 1.0 expression over the whole document.
    public let xpath: String

    public var description: String { text }

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Longest selector accepted: rules are short, and the XPath grows with them.
    public static let maxLength = 1000

    public init(_ text: String) throws(Problem) {
        self.text = text
        guard text.utf8.count <= Self.maxLength else { throw Problem(description: "longer than \(Self.maxLength) bytes") }
        var parser = Parser(scalars: Array(text.unicodeScalars))
        var paths: [String] = []
        repeat {
            paths.append(try parser.complex())
        } while try parser.comma()
        xpath = paths.joined(separator: " | ")
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var i = 0

        func fail(_ message: String) -> Problem { Problem(description: message) }

        var atEnd: Bool { i >= scalars.count }

        mutating func skipSpace() -> Bool {
            let start = i
            while !atEnd, scalars[i] == " " || scalars[i] == "\t" || scalars[i] == "\n" { i += 1 }
            return i > start
        }

        /// One selector of the list: compounds joined by combinators.
        mutating func complex() throws(Problem) -> String {
            _ = skipSpace()
            var path = "//" + (try compound())
            while true {
                let spaced = skipSpace()
                if atEnd || scalars[i] == "," { return path }
                if scalars[i] == ">" {
                    i += 1
                    _ = skipSpace()
                    path += "/" + (try compound())
                } else if spaced {
                    path += "//" + (try compound())
                } else {
                    throw fail("unexpected \"\(scalars[i])\" at position \(i + 1)")
                }
            }
        }

        /// After a complex selector: true when a comma starts another one.
        mutating func comma() throws(Problem) -> Bool {
            if atEnd { return false }
            i += 1  // complex() stops only at the end or at a comma
            _ = skipSpace()
            if atEnd { throw fail("nothing after the last comma") }
            return true
        }

        mutating func compound() throws(Problem) -> String {
            var step = "*"
            var predicates: [String] = []
            var named = false
            if !atEnd, scalars[i] == "*" {
                i += 1
                named = true
            } else if !atEnd, Self.isNameScalar(scalars[i]) {
                step = try name().lowercased()
                named = true
            }
            loop: while !atEnd {
                switch scalars[i] {
                case ".":
                    i += 1
                    let c = try name()
                    predicates.append("contains(concat(' ', normalize-space(@class), ' '), ' \(c) ')")
                case "#":
                    i += 1
                    predicates.append("@id='\(try name())'")
                case "[":
                    i += 1
                    predicates.append(try attribute())
                case ":":
                    throw fail("pseudo-classes (\":\") are not supported")
                default:
                    break loop
                }
            }
            if !named && predicates.isEmpty {
                throw fail(atEnd ? "a selector is missing" : "unexpected \"\(scalars[i])\" at position \(i + 1)")
            }
            return step + predicates.map { "[\($0)]" }.joined()
        }

        /// `[attr]` or `[attr=value]`, after the `[`.
        mutating func attribute() throws(Problem) -> String {
            _ = skipSpace()
            let attr = try name().lowercased()
            _ = skipSpace()
            guard !atEnd else { throw fail("unclosed \"[\"") }
            if scalars[i] == "]" {
                i += 1
                return "@\(attr)"
            }
            guard scalars[i] == "=" else {
                throw fail("only [attr] and [attr=value] are supported, not \"\(scalars[i])\"")
            }
            i += 1
            _ = skipSpace()
            var value = ""
            if !atEnd, scalars[i] == "\"" || scalars[i] == "'" {
                let quote = scalars[i]
                i += 1
                while !atEnd, scalars[i] != quote { value.unicodeScalars.append(scalars[i]); i += 1 }
                guard !atEnd else { throw fail("unclosed quote") }
                i += 1
            } else {
                value = try name()
            }
            _ = skipSpace()
            guard !atEnd, scalars[i] == "]" else { throw fail("unclosed \"[\"") }
            i += 1
            // XPath 1.0 strings have no escapes: a value with an apostrophe is quoted with double quotes.
            if !value.unicodeScalars.contains("'") { return "@\(attr)='\(value)'" }
            if !value.unicodeScalars.contains("\"") { return "@\(attr)=\"\(value)\"" }
            throw fail("a value with both kinds of quotes is not supported")
        }

        /// An identifier: letters, digits, `-`, `_`, and any non-ASCII letter.
        mutating func name() throws(Problem) -> String {
            var out = ""
            while !atEnd, Self.isNameScalar(scalars[i]) { out.unicodeScalars.append(scalars[i]); i += 1 }
            if out.isEmpty {
                throw fail(atEnd ? "a name is missing at the end" : "unexpected \"\(scalars[i])\" at position \(i + 1)")
            }
            return out
        }

        static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": return true
            default: return c.value >= 0x80 && c.properties.isAlphabetic
            }
        }
    }
}
