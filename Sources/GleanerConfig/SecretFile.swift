#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A secret kept in a file of its own (`password-file`, `store-password-file`), so that feeds.conf, the unit
/// and the process list never hold it.
public enum SecretFile {
    /// The file's first line (a trailing newline is not part of a password); nil when it cannot be read, with
    /// `errno` set. At most 64 KiB are read.
    public static func firstLine(_ path: String) -> String? {
        guard let fp = fopen(path, "rb") else { return nil }
        defer { fclose(fp) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65_536 {
            let n = fread(&buffer, 1, buffer.count, fp)
            if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
            if n < buffer.count { break }
        }
        let line = bytes.prefix { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") }
        return String(decoding: line, as: UTF8.self)
    }
}
