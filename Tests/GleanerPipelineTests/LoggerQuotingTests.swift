@testable import GleanerPipeline
import Testing

/// The one quoter of log values (daemon log fields and hook lines alike): a value can never forge a second
/// line or another key, and no raw control reaches the journal.
@Suite struct LoggerQuotingTests {
    @Test(arguments: [
        ("/usr/local/bin/notify", "/usr/local/bin/notify"),
        ("exit-status-1", "exit-status-1"),
        ("", "\"\""),
        ("exit status 1", "\"exit status 1\""),
        ("a=b", "\"a=b\""),
        ("say \"hi\"", "\"say \\\"hi\\\"\""),
        ("C:\\hooks", "\"C:\\\\hooks\""),
        ("failed\nhook ran program=/x articles=99", "\"failed\\nhook ran program=/x articles=99\""),
        ("tab\there\r", "\"tab\\there\\r\""),
        ("bell\u{07}del\u{7F}", "\"bell\\x07del\\x7f\""),
        ("/opt/عربي/hook", "\"/opt/عربي/hook\""),
        ("evil\u{202E}txt", "\"evil\\u{202e}txt\""),
    ])
    func quotes(_ value: String, _ expected: String) {
        #expect(Logger.quoted(value) == expected)
    }
}
