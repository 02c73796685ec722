#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A crash on purpose, for the tests of the in-progress marks (a feed that stops the process is held back,
/// then disabled): `GLEANER_TEST_CRASH_ON_FEED=<text>` makes a fetch whose feed URL contains `<text>` abort
/// the process after the feed was marked in progress and its body received, before it is parsed to the end
/// and stored.
///
/// Compiled into debug builds only (the tests run those): a release binary ignores the variable, so no
/// deployment can be stopped through it. In a debug build it needs someone who can already set the
/// process's environment, who could as well kill it.
enum TestCrashTrigger {
    #if DEBUG
    static let pattern: String? = {
        guard let value = getenv("GLEANER_TEST_CRASH_ON_FEED") else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }()
    #endif

    static func check(feedURL: String) {
        #if DEBUG
        if let pattern, feedURL.contains(pattern) { abort() }
        #endif
    }
}
