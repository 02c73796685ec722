/// An untyped message and a non-zero exit, left only for `extract`'s two messages; every other command throws
/// `CommandError`, where these belong as cases too.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = terminalSafeLines(description) }
}
