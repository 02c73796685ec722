// Intentionally no statements. Under `--sanitize=fuzzer` SwiftPM compiles this target as a library and
// libFuzzer supplies `main` (which calls `LLVMFuzzerTestOneInput` in FuzzEntry.swift); in a plain
// `swift build` this file gives the executable an empty `main`, so the whole package still builds.
// Reproduce a finding with the fuzzing build: `.build-fuzz/debug/gleaner-fuzz crash-<hash>`.
