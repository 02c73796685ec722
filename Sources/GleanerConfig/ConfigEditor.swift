#if canImport(Glibc)
import Glibc
#endif

/// Edits feeds.conf in place the way a careful admin would by hand: only the lines concerned change; every
/// comment, blank line and the order of everything else stay as they were. The result is validated before it
/// replaces the file, and written atomically (a temporary file in the same directory, then rename), so a crash
/// leaves either the old file or the new one.
public struct ConfigEditor {
    public let path: String
    private var lines: [String]
    /// Kept as found: a byte order mark and the line ending (LF, CRLF or CR) of the file.
    private let hasBOM: Bool
    private let newline: String
    private let privilegedRefusal: String?

    public init(path: String) throws(ConfigError) {
        self.path = path
        let file = try ConfigFile.read(path)
        let text = ConfigText(file.text)
        lines = text.lines.map(String.init)
        hasBOM = text.hasBOM
        newline = text.newline
        privilegedRefusal = file.privilegedRefusal
    }

    /// The current text, as it would be written (every line ends with the file's line ending).
    public var text: String {
        (hasBOM ? "\u{FEFF}" : "") + lines.joined(separator: newline) + (lines.isEmpty ? "" : newline)
    }

    /// The edited text as `Config.load` would read it from this file.
    public func parsed() throws(ConfigError) -> Config {
        try ConfigParser(path: path, privilegedRefusal: privilegedRefusal).parse(text)
    }

    /// Appends a feed line at the end, written by `FeedLine` (so it reads back as exactly this feed);
    /// returns the URL as written.
    @discardableResult
    public mutating func appendFeed(url: String, name: String? = nil, tags: [String] = [], interval: String? = nil)
        throws(FeedLine.Refusal) -> String
    {
        let line = try FeedLine.make(url: url, name: name, tags: tags, interval: interval)
        lines.append(line)
        return try FeedLine.url(url)
    }

    /// Removes the given 1-based line.
    public mutating func remove(line: Int) {
        guard lines.indices.contains(line - 1) else { return }
        lines.remove(at: line - 1)
    }

    /// Replaces the URL at the start of the given 1-based feed line, keeping its options and comment;
    /// returns the URL as written (see `FeedLine.url`).
    @discardableResult
    public mutating func replaceURL(line: Int, from old: String, to new: String) throws(FeedLine.Refusal) -> String {
        guard lines.indices.contains(line - 1),
              let feed = (try? Config.parse(lines[line - 1]))?.feeds.first, feed.url == old
        else { throw FeedLine.Refusal(description: "line \(line) of \(path) is not the feed \(old)") }
        let edited = try FeedLine.replacingURL(in: lines[line - 1], old: feed, with: new)
        lines[line - 1] = edited.line
        return edited.url
    }

    /// Checks the edited text parses, then replaces the file atomically, keeping its permissions.
    @discardableResult
    public func save() throws(ConfigError) -> Config {
        let config = try parsed()
        var st = stat()
        let mode = stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0o644
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("cannot write \(temporary)") }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let e = failure("cannot write \(temporary)")
                close(fd)
                unlink(temporary)
                throw e
            }
            offset += n
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            let e = failure("cannot write \(temporary)")
            unlink(temporary)
            throw e
        }
        guard rename(temporary, path) == 0 else {
            let e = failure("cannot replace \(path)")
            unlink(temporary)
            throw e
        }
        return config
    }

    private func failure(_ what: String) -> ConfigError {
        ConfigError(path: path, line: 0, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
