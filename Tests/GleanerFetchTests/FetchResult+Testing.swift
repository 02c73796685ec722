import GleanerFetch

/// Accessors that let a test say `#expect(result.error?.kind == .http)` instead of a switch per assertion.
extension FetchResult {
    var response: FetchResponse? {
        switch self {
        case .fetched(let response), .notModified(let response): response
        case .failed: nil
        }
    }

    var error: FetchError? {
        if case .failed(let error) = self { return error }
        return nil
    }

    var isFetched: Bool {
        if case .fetched = self { return true }
        return false
    }

    var isNotModified: Bool {
        if case .notModified = self { return true }
        return false
    }
}
