#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How feeds.conf text is cut into lines, shared by the parser and the editor so that line numbers agree.
///
/// Lines end at LF, CRLF or a lone CR (as XML normalises them); a UTF-8 byte order mark at the start is not
/// part of the first line. The work is done on Unicode scalars, not Characters: Swift makes "\r\n" one Character,
/// and a combining mark after a quote or blank would otherwise hide it from the tokenizer.
struct ConfigText {
    /// The lines without their terminators.
    var lines: [Substring]
    /// The first terminator found ("\n" when there is none), used for lines the editor adds.
    var newline: String
    var hasBOM: Bool

    init(_ text: String) {
        var body = Substring(text)
        hasBOM = body.unicodeScalars.first == "\u{FEFF}"
        if hasBOM { body = Substring(body.unicodeScalars.dropFirst()) }
        var lines: [Substring] = []
        var newline: String?
        let scalars = body.unicodeScalars
        var start = scalars.startIndex
        var i = start
        while i < scalars.endIndex {
            let s = scalars[i]
            guard s == "\n" || s == "\r" else { i = scalars.index(after: i); continue }
            lines.append(Substring(scalars[start..<i]))
            var next = scalars.index(after: i)
            if s == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
            if newline == nil { newline = String(Substring(scalars[i..<next])) }
            start = next
            i = next
        }
        if start < scalars.endIndex { lines.append(Substring(scalars[start...])) }
        self.lines = lines
        self.newline = newline ?? "\n"
    }
}

/// feeds.conf as read from disk: its text, and whether it may name programs and secret files.
struct ConfigFile {
    var text: String
    /// Why `on-new` and `password-file` are refused in this file, or nil when they are accepted.
    var privilegedRefusal: String?

    /// Reads the file through one descriptor and checks that same descriptor's owner and mode, so a file
    /// swapped between the check and the read cannot slip through.
    static func read(_ path: String) throws(ConfigError) -> ConfigFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ConfigError(path: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw ConfigError(path: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ConfigError(path: path, line: 0, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            bytes.append(contentsOf: buffer[0..<n])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(path: path, line: 0, message: "not valid UTF-8 text")
        }
        return ConfigFile(text: text, privilegedRefusal: privilegedRefusal(owner: st.st_uid, mode: st.st_mode))
    }

    /// A program to run or a password file to send may only be named by whoever could already run code as
    /// the reader: the file must belong to the running user or root and be writable by nobody else.
    static func privilegedRefusal(owner: uid_t, mode: mode_t) -> String? {
        let me = geteuid()
        if owner != me && owner != 0 {
            return "the file belongs to uid \(owner), not to the running user (uid \(me)) or root"
        }
        if mode & 0o022 != 0 {
            return "the file is writable by group or others (mode \(String(mode & 0o7777, radix: 8))); chmod go-w it"
        }
        return nil
    }
}
