import Foundation

/// Buffered writing to standard output. Flushes are explicit because `headlines --new` must only advance
/// its cursor once the output really left the process.
struct Output {
    private var buffer: [UInt8] = []

    mutating func line(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        buffer.append(10)
        if buffer.count >= 64 * 1024 { flush() }
    }

    /// Writes everything buffered to fd 1; returns false when the write failed (closed pipe, full disk).
    @discardableResult
    mutating func flush() -> Bool {
        var ok = true
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(1, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    ok = false
                    return
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
        return ok
    }
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Whether a string holds right-to-left letters (Arabic, Hebrew, Syriac, Thaana, N'Ko and their
/// presentation forms), so that a human listing can isolate it.
func containsRightToLeft(_ s: String) -> Bool {
    s.unicodeScalars.contains { scalar in
        switch scalar.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return false
        }
    }
}

/// Terminal columns a string occupies: combining marks take none, East Asian wide characters two.
func displayWidth(_ s: String) -> Int {
    var width = 0
    for scalar in s.unicodeScalars {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: continue
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x20000...0x3FFFD).contains(v) {
            width += 2
        } else {
            width += 1
        }
    }
    return width
}

func pad(_ s: String, to width: Int) -> String {
    let w = displayWidth(s)
    return w >= width ? s : s + String(repeating: " ", count: width - w)
}
