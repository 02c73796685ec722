/// How one fetch ended. `304 Not Modified` is an expected outcome, so it is a case here rather than an error.
public enum FetchResult: Sendable {
    /// A 2xx response; its body was delivered to the sink.
    case fetched(FetchResponse)
    /// A 304: the validators sent still match, nothing was delivered to the sink.
    case notModified(FetchResponse)
    case failed(FetchError)
}
