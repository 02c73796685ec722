/// Gleaner's version, sent in the default User-Agent so feed publishers can tell which release is polling them.
public let gleanerVersion = "0.1.0"
