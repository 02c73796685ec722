import ArgumentParser
import GleanerModel
import GleanerStore

struct Consumers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the consumers (headlines --new readers and on-new hooks): their cursor and backlog.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON Lines: {\"consumer\", \"cursor\", \"backlog\"}.")
    var json = false

    func run() throws {
        let config = try global.loadConfigIfPresent()
        let store = try global.openStore(config: config, readOnly: true)
        let list = try store.consumers()
        var out = Output()
        let labels = list.map { shown(consumerLabel($0.name), maxWidth: 2 * nameWidthCap) }
        let width = labels.map(displayWidth).max() ?? 0
        for (c, label) in zip(list, labels) {
            if json {
                var w = JSONWriter()
                w.beginObject()
                w.key("consumer"); w.value(c.name)
                w.key("cursor"); w.value(c.cursor)
                w.key("backlog"); w.value(c.backlog)
                w.endObject()
                out.line(w.string)
            } else {
                out.line("\(pad(label, to: width))  cursor \(c.cursor)  \(c.backlog) waiting")
            }
        }
        guard out.flush() else { throw ExitCode(1) }
    }
}

func consumerLabel(_ name: String) -> String { name.isEmpty ? "(default)" : name }
