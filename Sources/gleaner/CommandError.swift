import GleanerConfig
import GleanerPipeline
import GleanerModel

/// Why a command could not do what was asked: one case per situation, one message each, all of them here.
/// ArgumentParser prints `Error: ` and the description and exits with status 1 (a bad option value, thrown
/// while arguments are parsed, exits with 64 and the usage). Every line of a message goes through
/// `terminalSafeLines`: messages quote URLs, paths, titles and servers' texts.
enum CommandError: Error, CustomStringConvertible {
    // MARK: Finding and reading files

    /// No feeds file where one is looked for.
    case noFeedsFile(searched: [String])
    /// The per-user feeds file (or its folder) cannot be made for a first `add`.
    case cannotCreate(path: String, reason: String?)
    /// feeds.conf does not load, or cannot be saved (`path:line: message`).
    case config(ConfigError)
    case noStore(path: String)
    case cannotOpenStore(path: String, reason: String)
    case cannotRead(file: String, reason: String?)
    case cannotWrite(file: String, reason: String)
    case notOPML(file: String, reason: String)

    // MARK: Naming things

    /// A feed reference that matches no configured (or stored) feed, with the close names.
    case unknownFeed(ref: String, configPath: String?, suggestions: [String])
    case noArticle(ref: String)

    // MARK: Editing feeds.conf

    /// Text that cannot be a feed's URL in feeds.conf (`FeedLine.url`).
    case notAFeedURL(FeedLine.Refusal)
    /// A feed line that cannot be written as asked (its name, tags or interval).
    case cannotAdd(url: String, FeedLine.Refusal)
    /// The feed is in feeds.conf already, perhaps spelt otherwise (`Config.feed(sameAs:)`).
    case alreadyConfigured(url: String, line: Int, configured: String)
    /// The URL did not check out as a feed (`FeedCheck`).
    case check(FeedCheck.Failure)
    /// A confirmed move whose line cannot be rewritten.
    case cannotMove(FeedLine.Refusal)

    // MARK: Article pages (`gleaner extract`)

    /// The page has no article the extractor recognises.
    case noArticleOnPage(page: String)
    /// The page could not be fetched (the address as shown, without credentials).
    case cannotFetchPage(url: String, reason: String)
    case pageTooLarge(file: String, megabytes: Int)

    // MARK: The daemon

    case cannotStartDaemon(reason: String)

    // MARK: Option values (thrown while arguments are parsed: ArgumentParser names the option)

    case badDuration(reason: String)
    case badSince(text: String)

    var description: String { terminalSafeLines(message) }

    private var message: String {
        switch self {
        case .noFeedsFile(let searched):
            return "no feeds file: looked for \(searched.joined(separator: ", ")) (--config and $GLEANER_CONFIG name "
                + "another); start one with `gleaner add URL`"
        case .cannotCreate(let path, let reason): return "cannot create \(path)" + (reason.map { ": \($0)" } ?? "")
        case .config(let error): return error.description
        case .noStore(let path):
            return "no store at \(path): nothing has been fetched into it yet (`gleaner fetch` or the daemon creates "
                + "it), or --store / `store =` names another file"
        case .cannotOpenStore(let path, let reason): return "cannot open the store \(path): \(reason)"
        case .cannotRead(let file, let reason): return "cannot read \(file)" + (reason.map { ": \($0)" } ?? "")
        case .cannotWrite(let file, let reason): return "cannot write \(file): \(reason)"
        case .notOPML(let file, let reason): return "\(file): \(reason)"
        case .unknownFeed(let ref, let configPath, let suggestions):
            let hint = suggestions.isEmpty ? "" : " (did you mean "
                + suggestions.map { "\"\(shown($0, maxWidth: 200))\"" }.joined(separator: " or ") + "?)"
            return "no feed \"\(shown(ref, maxWidth: 200))\"" + (configPath.map { " in \($0)" } ?? "") + hint
        case .noArticle(let ref): return "no stored article \(ref)"
        case .noArticleOnPage(let page): return "no article found in \(URLUserInfo.stripped(page))"
        case .cannotFetchPage(let url, let reason): return "cannot fetch \(URLUserInfo.stripped(url)): \(reason)"
        case .pageTooLarge(let file, let mb): return "\(file) is larger than \(mb) MB"
        case .notAFeedURL(let refusal): return "cannot add: \(refusal)"
        case .cannotAdd(let url, let refusal):
            return "cannot add \(FeedLine.printable(URLUserInfo.stripped(url))): \(refusal)"
        case .alreadyConfigured(let url, let line, let configured):
            return "\(url) is already configured (line \(line): \(configured))"
        case .check(let failure): return failure.description
        case .cannotMove(let refusal): return refusal.description
        case .cannotStartDaemon(let reason): return reason
        case .badDuration(let reason): return reason
        case .badSince(let text):
            return "\"\(text)\" is neither a duration (90m, 2h, 1d) nor a time (2025-11-06, 2025-11-06T09:00:00Z)"
        }
    }
}
