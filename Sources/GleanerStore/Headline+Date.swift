import GleanerModel

extension Headline {
    /// How far past the moment an article was first stored its date may lie and still count: further, and it
    /// is listed as of that moment (a feed that dates its items in 2099 does not keep them at the top).
    public static let futureSlack: Int64 = 86_400

    /// The date `headlines` lists, orders and filters (`--since`) by: published, else updated, else when first
    /// stored; a date more than `futureSlack` after that counts as that moment. The JSON keeps the article's
    /// own dates. The store computes the same in SQL (`articles.sort_at`, Migration 5).
    public var date: Timestamp {
        guard let own = published ?? updated else { return fetched }
        let (limit, overflow) = fetched.seconds.addingReportingOverflow(Headline.futureSlack)
        return !overflow && own.seconds > limit ? fetched : own
    }
}
