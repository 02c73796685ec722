import Foundation

// gleaner-bench: runnable benchmarks; see bench/README.md for the commands and BENCHMARKS.md for results.
let args = Array(CommandLine.arguments.dropFirst())
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: gleaner-bench parse [--seconds N] FILE… | store [--feeds N] [--per-feed N] [--big N] | extract FILE…\n".utf8))
    exit(2)
}
guard let mode = args.first else { usage() }
switch mode {
case "parse":
    var rest = Array(args.dropFirst())
    var seconds = 5.0
    if rest.first == "--seconds", rest.count > 1 { seconds = Double(rest[1]) ?? 5; rest.removeFirst(2) }
    guard !rest.isEmpty else { usage() }
    try ParseBench.run(files: rest, seconds: seconds)
case "store": try StoreBench.run(arguments: Array(args.dropFirst()))
case "extract": try ExtractBench.run(files: Array(args.dropFirst()))
default:
    usage()
}
