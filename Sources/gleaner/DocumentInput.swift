import ArgumentParser
import Foundation

/// One document from a file or standard input, and what is known of where it came from: `parse` and `extract`.
struct DocumentInput: ParsableArguments {
    @Option(help: ArgumentHelp("The document's address: the base for relative links.", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("The HTTP Content-Type it was served with (a charset hint).",
                               valueName: "type; charset=x"))
    var contentType: String?

    @Argument(help: ArgumentHelp("The document, or - for standard input.", valueName: "file"))
    var file: String

    /// Hands the document to `body` 64 KiB at a time, as it is read, so that a caller that streams keeps memory
    /// bounded by what it keeps, not by the file.
    func read(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let fd: Int32 = file == "-" ? 0 : open(file, O_RDONLY)
        guard fd >= 0 else { throw CommandError.cannotRead(file: file, reason: String(cString: strerror(errno))) }
        defer { if fd != 0 { close(fd) } }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let n = Foundation.read(fd, chunk.baseAddress, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw CommandError.cannotRead(file: file, reason: String(cString: strerror(errno)))
            }
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
        }
    }
}
