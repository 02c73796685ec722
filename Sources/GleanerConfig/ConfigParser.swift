import GleanerModel

/// The feeds.conf grammar:
///
///     # a comment (a whole line, or after white space)
///     key = value                      global settings, before the first feed
///     URL [key=value …]                one feed per line; values may be "quoted with spaces"
///
/// Every problem is reported with its line, and a likely typo gets a suggestion.
struct ConfigParser {
    let path: String

    /// Keys valid both globally and per feed (a feed's value overrides the global one).
    static let optionKeys = [
        "interval", "user-agent", "timeout", "connect-timeout", "low-speed-limit", "low-speed-time", "max-size",
        "on-new", "keep", "keep-items", "max-items", "user", "password-file", "insecure", "fulltext",
        "fulltext-selector", "fulltext-remove",
    ]
    static let globalKeys = ["store", "store-password-file", "max-transfers", "max-transfers-per-host",
                             "min-interval", "max-interval", "adaptive", "host-gap", "stop-timeout",
                             "hook-timeout"] + optionKeys
    static let feedKeys = ["name", "tags"] + optionKeys

    /// Set when the file may not name programs or secret files (see `ConfigFile.privilegedRefusal`).
    var privilegedRefusal: String?
    static let privilegedKeys: Set<String> = ["on-new", "password-file", "store-password-file"]

    init(path: String, privilegedRefusal: String? = nil) {
        self.path = path
        self.privilegedRefusal = privilegedRefusal
    }

    func parse(_ text: String) throws(ConfigError) -> Config {
        var config = Config(path: path)
        var seenGlobals: [String: Int] = [:]
        var seenURLs: [String: (line: Int, url: String)] = [:]
        var lineNumber = 0
        for rawLine in ConfigText(text).lines {
            lineNumber += 1
            let line = ConfigParser.stripComment(rawLine)
            if line.isEmpty { continue }
            func fail(_ message: String) -> ConfigError { ConfigError(path: path, line: lineNumber, message: message) }

            if !ConfigParser.isSettingLine(line) {
                let feed = try parseFeedLine(line, lineNumber: lineNumber)
                let key = Config.identity(ofFeedURL: feed.url)
                if let earlier = seenURLs[key] {
                    let spelling = earlier.url == feed.url ? "" : " as \(earlier.url) (the same feed: \(Config.sameFeedRule))"
                    throw fail("feed \(feed.url) is already listed on line \(earlier.line)" + spelling)
                }
                seenURLs[key] = (lineNumber, feed.url)
                config.feeds.append(feed)
                continue
            }
            let eq = line.unicodeScalars.firstIndex(of: "=")!
            let key = Substring(line.unicodeScalars[..<eq]).trimmingBlanks()
            let value = ConfigParser.unquote(Substring(line.unicodeScalars[line.unicodeScalars.index(after: eq)...]).trimmingBlanks())
            guard ConfigParser.globalKeys.contains(key) else {
                throw fail("unknown setting \"\(key)\"" + ConfigParser.suggestion(for: key, among: ConfigParser.globalKeys))
            }
            if !config.feeds.isEmpty {
                throw fail("global setting \"\(key)\" must come before the first feed (line \(config.feeds[0].line))")
            }
            if let earlier = seenGlobals[key] { throw fail("\"\(key)\" is already set on line \(earlier)") }
            seenGlobals[key] = lineNumber
            if let refusal = privilegedRefusal(for: key) { throw fail(refusal) }
            do {
                try ConfigParser.apply(key: key, value: value, to: &config)
            } catch let e as ValueError {
                throw fail("\(key): \(e.message)")
            } catch {
                throw fail("\(key): \(error)")
            }
        }
        config.warnings = clampWarnings(config, globalLines: seenGlobals)
        return config
    }

    /// The intervals the scheduler clamps to `min-interval`…`max-interval` (DuePlanner), said on their line
    /// rather than changed silently. A `max-interval` below `min-interval` is raised to it.
    private func clampWarnings(_ config: Config, globalLines: [String: Int]) -> [ConfigWarning] {
        let minimum = config.minInterval
        let maximum = max(config.minInterval, config.maxInterval)
        let text = ConfigParser.durationText
        var out: [ConfigWarning] = []
        func warn(_ line: Int, _ message: String) { out.append(ConfigWarning(path: path, line: line, message: message)) }
        if config.maxInterval < config.minInterval {
            warn(globalLines["max-interval"] ?? globalLines["min-interval"] ?? 0,
                 "max-interval \(text(config.maxInterval)) is below min-interval \(text(minimum)); \(text(minimum)) is used")
        }
        func check(_ interval: Int, what: String, line: Int) {
            if interval < minimum {
                warn(line, "\(what) \(text(interval)) is below min-interval \(text(minimum)); \(text(minimum)) is used")
            } else if interval > maximum {
                warn(line, "\(what) \(text(interval)) is above max-interval \(text(maximum)); \(text(maximum)) is used")
            }
        }
        if let line = globalLines["interval"] {
            check(config.interval, what: "interval", line: line)
        } else {
            // The built-in interval, pushed out of range by a min-interval or max-interval line.
            check(config.interval, what: "the built-in interval",
                  line: globalLines[config.interval < minimum ? "min-interval" : "max-interval"] ?? 0)
        }
        for feed in config.feeds {
            if let interval = feed.options.interval { check(interval, what: "interval", line: feed.line) }
        }
        return out
    }

    private func privilegedRefusal(for key: String) -> String? {
        guard let reason = privilegedRefusal, ConfigParser.privilegedKeys.contains(key) else { return nil }
        return "\(key) is refused: \(reason) (a program to run or a password to send may only be named in a file "
            + "that only its owner, the running user or root, can change)"
    }

    private func parseFeedLine(_ line: Substring, lineNumber: Int) throws(ConfigError) -> FeedConfig {
        func fail(_ message: String) -> ConfigError { ConfigError(path: path, line: lineNumber, message: message) }
        let tokens: [String]
        do { tokens = try ConfigParser.tokenize(line) } catch { throw fail(error.message) }
        let url = tokens[0]
        if let problem = ConfigParser.urlProblem(url) { throw fail(problem) }
        var feed = FeedConfig(url: url, line: lineNumber)
        var seen = Set<String>()
        for token in tokens.dropFirst() {
            guard let eq = token.unicodeScalars.firstIndex(of: "=") else {
                throw fail("expected key=value after the URL, found \"\(token)\"")
            }
            let key = String(token.unicodeScalars[..<eq])
            let value = String(token.unicodeScalars[token.unicodeScalars.index(after: eq)...])
            guard ConfigParser.feedKeys.contains(key) else {
                throw fail("unknown feed option \"\(key)\"" + ConfigParser.suggestion(for: key, among: ConfigParser.feedKeys))
            }
            guard seen.insert(key).inserted else { throw fail("option \"\(key)\" is given twice") }
            if let refusal = privilegedRefusal(for: key) { throw fail(refusal) }
            do {
                switch key {
                case "name":
                    guard !value.isEmpty else { throw ValueError("name is empty") }
                    feed.name = value
                case "tags":
                    feed.tags = value.unicodeScalars.split(separator: ",").map { Substring($0).trimmingBlanks() }
                        .filter { !$0.isEmpty }
                default:
                    try ConfigParser.apply(option: key, value: value, to: &feed.options)
                }
            } catch let e as ValueError {
                throw fail("\(key): \(e.message)")
            } catch {
                throw fail("\(key): \(error)")
            }
        }
        return feed
    }

    private static func apply(key: String, value: String, to config: inout Config) throws {
        switch key {
        case "store": config.store = try nonEmpty(value)
        case "store-password-file": config.storePasswordFile = try absolutePath(value)
        case "max-transfers": config.maxTransfers = try count(value, in: 1...1000)
        case "max-transfers-per-host": config.maxTransfersPerHost = try count(value, in: 1...1000)
        case "min-interval": config.minInterval = try duration(value)
        case "max-interval": config.maxInterval = try duration(value)
        case "adaptive": config.adaptive = try boolean(value)
        case "host-gap": config.hostGap = Double(try duration(value))
        case "stop-timeout": config.stopTimeout = try duration(value)
        case "hook-timeout": config.hookTimeout = try duration(value)
        default: try apply(option: key, value: value, to: &config.defaults)
        }
    }

    private static func apply(option key: String, value: String, to o: inout FeedOptions) throws {
        switch key {
        case "interval": o.interval = try duration(value)
        case "user-agent": o.userAgent = try nonEmpty(value)
        case "timeout": o.timeout = try duration(value)
        case "connect-timeout": o.connectTimeout = try duration(value)
        case "low-speed-limit": o.lowSpeedLimit = try size(value)
        case "low-speed-time": o.lowSpeedTime = try duration(value)
        case "max-size": o.maxSize = try size(value)
        case "on-new": o.onNew = try absolutePath(value)
        case "keep": o.keep = try duration(value)
        case "keep-items": o.keepItems = try count(value, in: 1...10_000_000)
        case "max-items": o.maxItems = try count(value, in: 1...100_000)
        case "user": o.user = try nonEmpty(value)
        case "password-file": o.passwordFile = try absolutePath(value)
        case "insecure": o.insecure = try boolean(value)
        case "fulltext":
            guard let mode = FullTextMode(rawValue: value) else {
                throw ValueError("\"\(value)\" is not one of auto, always, never")
            }
            o.fullText = mode
        case "fulltext-selector": o.fullTextSelector = try selector(value)
        case "fulltext-remove": o.fullTextRemove = try selector(value)
        default: throw ValueError("unknown option")
        }
    }
}

struct ValueError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension ConfigParser {
    /// `90s`, `15m`, `1h`, `2d`, `1w`, or a sum such as `1h30m`; a bare number is refused because readers disagree
    /// on its unit (Newsboat reads minutes, cron-like tools seconds).
    static func duration(_ text: String) throws(ValueError) -> Int {
        guard !text.isEmpty else { throw ValueError("empty duration (use e.g. 90s, 15m, 1h, 1d)") }
        var total = 0
        var number: Int?
        let tooLarge = ValueError("\"\(text)\" is too long (at most \(maxDuration / 86_400) days)")
        for ch in text.unicodeScalars {
            if ("0"..."9").contains(ch) {
                number = (number ?? 0) * 10 + Int(ch.value - 0x30)
                if number! > maxDuration { throw tooLarge }
                continue
            }
            let unit: Int
            switch ch {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 7 * 86_400
            default: throw ValueError("\"\(text)\" is not a duration (use e.g. 90s, 15m, 1h, 1d)")
            }
            guard let n = number else { throw ValueError("\"\(text)\" is not a duration (use e.g. 90s, 15m, 1h, 1d)") }
            // Each part is at most maxDuration and so is the running total, so neither step can overflow.
            total += n * unit
            if total > maxDuration { throw tooLarge }
            number = nil
        }
        if number != nil {
            throw ValueError("\"\(text)\" needs a unit: s, m, h or d (e.g. \(text)m)")
        }
        guard total > 0 else { throw ValueError("duration must be more than zero") }
        return total
    }

    /// A number of seconds as `duration` reads it, largest units first: 5400 is `1h30m`, 86400 is `1d`.
    static func durationText(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, name) in [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            out += "\(rest / unit)\(name)"
            rest %= unit
        }
        return out
    }

    /// The longest duration accepted anywhere (ten years): far beyond any useful interval, timeout or
    /// retention, and small enough that the scheduler's sums and curl's milliseconds cannot overflow.
    static let maxDuration = 10 * 365 * 86_400

    /// `16M`, `512K`, `1G` or a number of bytes.
    static func size(_ text: String) throws(ValueError) -> Int {
        var digits = Substring(text).unicodeScalars
        var multiplier = 1
        // The unit by scalar: upper-casing a Character can give several ("ß" is "SS"), which Character() traps on.
        switch digits.last {
        case "K", "k": multiplier = 1 << 10; digits = digits.dropLast()
        case "M", "m": multiplier = 1 << 20; digits = digits.dropLast()
        case "G", "g": multiplier = 1 << 30; digits = digits.dropLast()
        default: break
        }
        guard !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw ValueError("\"\(text)\" is not a size (use e.g. 16M, 512K)")
        }
        // Up to 1 TiB; longer digit strings are refused before they are converted, so nothing can overflow.
        guard digits.count <= 13, let n = Int(String(digits)), n <= (1 << 40) / multiplier else {
            throw ValueError("\"\(text)\" is too large (at most 1024G)")
        }
        guard n > 0 else { throw ValueError("size must be more than zero") }
        return n * multiplier
    }

    static func count(_ text: String, in range: ClosedRange<Int>) throws(ValueError) -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw ValueError("\"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return n
    }

    /// A CSS selector of the subset `CSSSelector` compiles.
    static func selector(_ text: String) throws(ValueError) -> CSSSelector {
        do {
            return try CSSSelector(text)
        } catch {
            throw ValueError("\"\(text)\" is not a supported selector: \(error.description) (tag, .class, #id, "
                             + "[attr], [attr=value], descendant and > combinators, comma lists)")
        }
    }

    static func boolean(_ text: String) throws(ValueError) -> Bool {
        switch text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default: throw ValueError("\"\(text)\" is not yes or no")
        }
    }

    /// Programs and secret files are named by absolute path: a daemon's working directory is not the
    /// admin's, and no shell or PATH search is involved.
    static func absolutePath(_ text: String) throws(ValueError) -> String {
        guard text.hasPrefix("/") else { throw ValueError("\"\(text)\" is not an absolute path") }
        return text
    }

    static func nonEmpty(_ text: String) throws(ValueError) -> String {
        guard !text.isEmpty else { throw ValueError("value is empty") }
        return text
    }

    /// A setting line starts with `word =` (a key made of letters and dashes); anything else is a feed line,
    /// so that `htps://…` or `example.com/feed` get a URL error rather than "unknown setting".
    static func isSettingLine(_ line: Substring) -> Bool {
        let key = line.unicodeScalars.prefix { $0.properties.isAlphabetic || $0 == "-" || $0 == "_" }
        guard !key.isEmpty else { return false }
        return Substring(line.unicodeScalars[key.endIndex...]).trimmingBlanks().hasPrefix("=")
    }

    /// Why a feed URL is unusable, or nil when it is fine. Read by scalars, so that a combining mark after
    /// "/" or ":" cannot merge with it and move the end of the host.
    static func urlProblem(_ url: String) -> String? {
        guard let sep = url.firstRange(of: "://") else { return "\"\(url)\" is not a URL (expected http:// or https://)" }
        let scheme = String(url.unicodeScalars[..<sep.lowerBound]).lowercased()
        guard scheme == "http" || scheme == "https" else {
            let likely = scheme.hasSuffix("s") ? "https" : "http"
            let hint = scheme.hasPrefix("h") && editDistance(scheme, likely) <= 2 ? " (did you mean \"\(likely)\"?)" : ""
            return "unsupported URL scheme \"\(scheme)\" in \(url): only http and https are fetched" + hint
        }
        let rest = url.unicodeScalars[sep.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last.map { String($0) } ?? ""
        let host = hostPort.hasPrefix("[")
            ? hostPort : String(hostPort.unicodeScalars.split(separator: ":", omittingEmptySubsequences: false)[0])
        if host.isEmpty { return "URL \(url) has no host" }
        if host.unicodeScalars.contains(where: { $0 == " " || $0 == "\"" || $0 == "<" || $0 == ">" }) {
            return "URL \(url) has an invalid host"
        }
        if let colon = hostPort.unicodeScalars.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            let port = String(hostPort.unicodeScalars[hostPort.unicodeScalars.index(after: colon)...])
            guard port.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let p = Int(port), (1...65_535).contains(p)
            else { return "URL \(url) has an invalid port \"\(port)\"" }
        }
        return nil
    }

    /// Splits on blanks outside double quotes; `key="a b"` becomes `key=a b`. `\"` and `\\` escape in quotes.
    static func tokenize(_ line: Substring) throws(ValueError) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var inQuotes = false
        var escaped = false
        var hasToken = false
        for ch in line.unicodeScalars {
            if escaped { current.append(ch); escaped = false; continue }
            if inQuotes {
                switch ch {
                case "\\": escaped = true
                case "\"": inQuotes = false
                default: current.append(ch)
                }
                continue
            }
            switch ch {
            case "\"": inQuotes = true; hasToken = true
            case " ", "\t":
                if hasToken { tokens.append(String(current)); current = String.UnicodeScalarView(); hasToken = false }
            default: current.append(ch); hasToken = true
            }
        }
        if inQuotes { throw ValueError("unterminated quote") }
        if hasToken { tokens.append(String(current)) }
        return tokens
    }

    static func unquote(_ s: String) -> String {
        guard s.unicodeScalars.count >= 2, s.unicodeScalars.first == "\"", s.unicodeScalars.last == "\"" else { return s }
        return (try? tokenize(Substring(s)).joined(separator: " ")) ?? s
    }

    /// The line without its comment and surrounding blanks. `#` starts a comment at the start of the line or
    /// after a blank, outside quotes (where `\"` does not end the quote), so a URL fragment (`…/feed#top`) is kept.
    static func stripComment(_ line: Substring) -> Substring {
        var inQuotes = false
        var escaped = false
        var previous: Unicode.Scalar = " "
        let scalars = line.unicodeScalars
        var end = scalars.endIndex
        for i in scalars.indices {
            let ch = scalars[i]
            defer { previous = ch }
            if escaped { escaped = false; continue }
            if inQuotes {
                if ch == "\\" { escaped = true } else if ch == "\"" { inQuotes = false }
            } else if ch == "\"" {
                inQuotes = true
            } else if ch == "#" && (previous == " " || previous == "\t") {
                end = i
                break
            }
        }
        return Substring(Substring(scalars[..<end]).trimmingBlanks())
    }

    /// ` (did you mean "interval"?)` when a known key is within two edits.
    static func suggestion(for key: String, among candidates: [String]) -> String {
        let scored = candidates.map { ($0, editDistance(key.lowercased(), $0)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, key.count / 3) else {
            return " (known: " + candidates.joined(separator: ", ") + ")"
        }
        return " (did you mean \"\(best)\"?)"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
