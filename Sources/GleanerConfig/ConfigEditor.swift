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
    private var endsWithNewline: Bool

    public init(path: String) throws(ConfigError) {
        self.path = path
        let text = try ConfigEditor.read(path)
        endsWithNewline = text.isEmpty || text.hasSuffix("\n")
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if endsWithNewline, lines.last == "" { lines.removeLast() }
    }

    /// The current text, as it would be written.
    public var text: String { lines.joined(separator: "\n") + (endsWithNewline || !lines.isEmpty ? "\n" : "") }

    /// Appends a feed line at the end.
    public mutating func append(line: String) {
        lines.append(line)
    }

    /// Removes the given 1-based line.
    public mutating func remove(line: Int) {
        guard lines.indices.contains(line - 1) else { return }
        lines.remove(at: line - 1)
    }

    /// Replaces the URL at the start of the given 1-based feed line, keeping its options and comment.
    public mutating func replaceURL(line: Int, from old: String, to new: String) {
        guard lines.indices.contains(line - 1) else { return }
        let current = lines[line - 1]
        let indent = current.prefix { $0 == " " || $0 == "\t" }
        let rest = current.dropFirst(indent.count)
        guard rest.hasPrefix(old) else { return }
        lines[line - 1] = String(indent) + new + rest.dropFirst(old.count)
    }

    /// Checks the edited text parses, then replaces the file atomically, keeping its permissions.
    @discardableResult
    public func save() throws(ConfigError) -> Config {
        let config = try Config.parse(text, path: path)
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

    private static func read(_ path: String) throws(ConfigError) -> String {
        guard let fp = fopen(path, "rb") else {
            throw ConfigError(path: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { fclose(fp) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = fread(&buffer, 1, buffer.count, fp)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(path: path, line: 0, message: "not valid UTF-8 text")
        }
        return text
    }
}
