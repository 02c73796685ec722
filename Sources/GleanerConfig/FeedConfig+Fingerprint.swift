import GleanerModel

/// Which feeds.conf line a disabled feed was disabled under, so that editing the line in a way that could
/// change the answer enables it again, and nothing else does.
extension FeedConfig {
    /// What of a line decides what a fetch asks the server, by feeds.conf key: the URL, the credentials, the
    /// TLS check and the user agent. An option that is not set is left out, so an option added to a later
    /// Gleaner (unset on every existing line) changes no fingerprint. Scheduling, retention, limits, hooks, the
    /// name and the tags are not here: changing them does not make a 410 worth asking again.
    public var fingerprintFields: [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = [("url", url)]
        if let v = options.user { fields.append(("user", v)) }
        if let v = options.passwordFile { fields.append(("password-file", v)) }
        if let v = options.insecure { fields.append(("insecure", v ? "yes" : "no")) }
        if let v = options.userAgent { fields.append(("user-agent", v)) }
        return fields.sorted { $0.key < $1.key }
    }

    /// FNV-1a (16 hex digits) over `key=value` for each of `fingerprintFields`, sorted by key, each followed by
    /// U+0000 (which no feeds.conf value holds).
    public var fingerprint: String {
        var h = FNV1a64()
        for field in fingerprintFields {
            h.add(field.key)
            h.add("=")
            h.add(field.value)
            h.add(byte: 0)
        }
        return h.hex
    }

    /// The fingerprint stores of schema 7 and older kept (packed into `disabled_reason`): FNV-1a, unpadded, over
    /// the URL, name, tags and the Swift description of the options as they were then (fourteen of them, in
    /// declaration order). Spelled out here so that it stays what it was when options are added: a feed disabled
    /// before an upgrade stays disabled until its line changes.
    public var legacyFingerprint: String {
        func value(_ v: String?) -> String { v.map { "Optional(\($0.debugDescription))" } ?? "nil" }
        func value(_ v: Int?) -> String { v.map { "Optional(\($0))" } ?? "nil" }
        func value(_ v: Bool?) -> String { v.map { "Optional(\($0))" } ?? "nil" }
        let o = options
        let described = "FeedOptions(interval: \(value(o.interval)), userAgent: \(value(o.userAgent)), "
            + "timeout: \(value(o.timeout)), connectTimeout: \(value(o.connectTimeout)), "
            + "lowSpeedLimit: \(value(o.lowSpeedLimit)), lowSpeedTime: \(value(o.lowSpeedTime)), "
            + "maxSize: \(value(o.maxSize)), onNew: \(value(o.onNew)), keep: \(value(o.keep)), "
            + "keepItems: \(value(o.keepItems)), maxItems: \(value(o.maxItems)), user: \(value(o.user)), "
            + "passwordFile: \(value(o.passwordFile)), insecure: \(value(o.insecure)))"
        var h = FNV1a64()
        h.add("\(url)\u{0}\(name ?? "")\u{0}\(tags.debugDescription)\u{0}\(described)")
        return String(h.value, radix: 16)
    }
}
