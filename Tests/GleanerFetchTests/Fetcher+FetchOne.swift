import GleanerFetch

extension Fetcher {
    /// Runs one request to the end and returns its result with the sink that received its body.
    func fetchOne(_ request: FetchRequest) -> (result: FetchResult, sink: CollectingSink) {
        let sink = CollectingSink()
        var outcome: FetchResult?
        run([(request, sink)]) { _, result in outcome = result }
        return (outcome!, sink)
    }
}
