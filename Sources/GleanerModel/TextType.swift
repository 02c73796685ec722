/// How a summary or content value is to be read.
public enum TextType: String, Sendable, Hashable, Codable {
    case html
    case text
    case xhtml
}
