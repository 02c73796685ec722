import CCurl
import CLibXML2
import CSQLite
import GleanerPipeline

/// The C libraries the process runs with, checked once at start as `LIBXML_TEST_VERSION` does: a library
/// older than the headers Gleaner was built against may lack what the code relies on, so it is reported
/// (the daemon still runs). The versions are logged once, so a bug report carries them.
enum LinkedLibraries {
    struct Library {
        var name: String
        var running: String
        var builtWith: String
        var older: Bool
    }

    static func check() -> [Library] {
        // Prints libxml2's own warning when the major versions differ, as LIBXML_TEST_VERSION would.
        xmlCheckVersion(LIBXML_VERSION)
        let xmlRunning = __xmlParserVersion()?.pointee.map { String(cString: $0) } ?? "unknown"
        let xml = Library(name: "libxml2", running: xmlRunning, builtWith: String(LIBXML_VERSION),
                          older: (Int(xmlRunning) ?? 0) < Int(LIBXML_VERSION))

        var curl = Library(name: "libcurl", running: "unknown", builtWith: LIBCURL_VERSION, older: true)
        if let info = curl_version_info(CURLVERSION_FOURTH), let version = info.pointee.version {
            curl.running = String(cString: version)
            curl.older = Int(info.pointee.version_num) < Int(LIBCURL_VERSION_NUM)
        }

        let sqlite = Library(name: "sqlite", running: String(cString: sqlite3_libversion()), builtWith: SQLITE_VERSION,
                             older: Int(sqlite3_libversion_number()) < Int(SQLITE_VERSION_NUMBER))
        return [xml, curl, sqlite]
    }

    /// One info line with every version, and a warning for each library older than its headers.
    static func log(to log: Logger) {
        let libraries = check()
        let text = libraries.map { "\($0.name) \($0.running)" }.joined(separator: ", ")
        log.info("libraries", ["linked": text])
        for l in libraries where l.older {
            log.warning("library older than Gleaner was built for",
                        ["library": l.name, "running": l.running, "built": l.builtWith])
        }
    }
}
