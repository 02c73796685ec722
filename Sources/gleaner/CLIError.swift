/// An untyped message and a non-zero exit: left only for `extract`, whose command is being rewritten beside
/// this change. Everything else throws `CommandError`; `extract`'s two messages become cases of it next.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = terminalSafeLines(description) }
}
