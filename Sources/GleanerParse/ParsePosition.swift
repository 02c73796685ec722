import CLibXML2

/// Where the parser is in the document, for problems: the current context's line and column, plus the
/// lines read by contexts before it (after a resync, `FeedParser.read`). A class, shared by the driver and the builder's
/// `location`, because it is read from inside the SAX callbacks, where `FeedParser.sax` is in use.
final class ParsePosition {
    var ctxt: xmlParserCtxtPtr?
    var lineOffset = 0

    init() {}

    var line: Int {
        guard let input = ctxt?.pointee.input else { return 0 }
        return Int(input.pointee.line) + lineOffset
    }

    var text: String {
        guard let input = ctxt?.pointee.input else { return "0:0" }
        return "\(Int(input.pointee.line) + lineOffset):\(input.pointee.col)"
    }
}
