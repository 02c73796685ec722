/// How a summary or content value is to be read.
public enum TextType: String, Sendable, Hashable {
    case html
    case text
    case xhtml
}
