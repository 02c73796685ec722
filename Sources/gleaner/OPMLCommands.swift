import ArgumentParser
import Foundation
import GleanerConfig
import GleanerModel
import GleanerStore

struct ImportOPML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-opml",
        abstract: "Add the feeds of an OPML file to feeds.conf (folders become tags; duplicates are skipped).")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Fetch each feed first and skip the ones that do not answer with a feed.")
    var check = false

    @Argument(help: ArgumentHelp("The OPML file, or - for standard input.", valueName: "file"))
    var file: String

    func run() throws {
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data else { throw CommandError.cannotRead(file: file, reason: nil) }
        let document: OPML.Document
        do { document = try OPML.read(bytes: [UInt8](data)) } catch { throw CommandError.notOPML(file: file, reason: "\(error)") }
        let entries = document.entries
        if let problem = document.problem {
            printError("warning: \(file) is not well-formed XML (\(FeedLine.printable(problem))); read \(entries.count) feeds from what could be recovered")
        }
        var editor: ConfigEditor
        let configPath = try global.editableConfigPath()
        do { editor = try ConfigEditor(path: configPath) } catch { throw CommandError.config(error) }
        var config = try parseConfig(editor)
        var added = 0, duplicates = 0, failed = 0
        for e in entries {
            // Only the URL, the title as name and the folders as tags are taken; `FeedLine` writes them so that
            // nothing in an outline can become another option of the line.
            let url: String
            do { url = try FeedLine.url(e.url) } catch {
                failed += 1
                printError("skipped outline \(outlineName(e)): \(error)")
                continue
            }
            if let same = FeedEditing.existing(url, in: config) {
                duplicates += 1
                printError("skipped (already configured, line \(same.line)): \(URLUserInfo.stripped(url))")
                continue
            }
            if check {
                do { _ = try FeedEditing.check(url, in: config) } catch {
                    failed += 1
                    printError("skipped (\(error)): \(URLUserInfo.stripped(url))")
                    continue
                }
            }
            do { try editor.appendFeed(url: url, name: e.title, tags: e.tags) } catch {
                failed += 1
                printError("skipped outline \(outlineName(e)): \(error)")
                continue
            }
            config = try parseConfig(editor)
            added += 1
        }
        if added > 0 { do { try editor.save() } catch { throw CommandError.config(error) } }
        print("\(count(entries.count, "feed")) in \(file): \(added) added, \(duplicates) already configured, \(failed) skipped"
              + (added > 0 ? "; \(FeedEditing.reloadHint)" : ""))
    }

    /// An outline as a message names it: its title and its URL, hostile characters shown as code points.
    private func outlineName(_ e: OPML.Entry) -> String {
        (e.title.map { shown(FeedLine.printable($0), maxWidth: nameWidthCap) + " " } ?? "") + "(xmlUrl " + FeedLine.printable(URLUserInfo.stripped(e.url)) + ")"
    }
}

struct ExportOPML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-opml", abstract: "Write the configured feeds as OPML 2.0.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Keep user:password@ in feed URLs: the OPML then holds secrets (password-file contents are never written).")
    var withCredentials = false

    func run() throws {
        let config = try global.loadConfig()
        // Titles and web sites the feeds gave themselves, when the store knows them (read-only; no store is fine).
        var titles: [String: String] = [:]
        var sites: [String: String] = [:]
        if let store = try? global.storeOpener(config: config).open(true) {
            for f in (try? store.feeds(configuredOnly: true)) ?? [] { if let t = f.title { titles[f.url] = t } }
            sites = (try? store.siteURLs()) ?? [:]
        }
        let entries = config.feeds.map {
            OPML.Entry(url: withCredentials ? $0.url : URLUserInfo.stripped($0.url), title: $0.name ?? titles[$0.url],
                       htmlURL: sites[$0.url].map(URLUserInfo.stripped), tags: $0.tags)
        }
        let xml = OPML.write(entries, dateCreated: rfc822(Timestamp.now()))
        if let output {
            do { try Data(xml.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CommandError.cannotWrite(file: output, reason: error.localizedDescription)
            }
        } else {
            var out = Output()
            out.line(String(xml.dropLast()))
            guard out.flush() else { throw ExitCode(1) }
        }
    }

    /// OPML's dateCreated is RFC 822.
    func rfc822(_ t: Timestamp) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: Date(timeIntervalSince1970: Double(t.seconds)))
    }
}
