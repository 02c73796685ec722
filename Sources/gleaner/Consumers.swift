import ArgumentParser
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
        let width = list.map { displayWidth(consumerLabel($0.name)) }.max() ?? 0
        for c in list {
            if json {
                out.line("{\"consumer\":\(jsonString(c.name)),\"cursor\":\(c.cursor),\"backlog\":\(c.backlog)}")
            } else {
                out.line("\(pad(consumerLabel(c.name), to: width))  cursor \(c.cursor)  \(c.backlog) waiting")
            }
        }
        guard out.flush() else { throw ExitCode(1) }
    }
}

func consumerLabel(_ name: String) -> String { name.isEmpty ? "(default)" : name }

func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
            if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}
