/// SVG and MathML inside content (charts, icons, formulas): kept, through allowlists of their own, inside
/// an `<svg>` or `<math>` root (documented in Tests/Contracts/OUTPUT.md, "Sanitized HTML").
///
/// Nothing that runs or loads: no `script` (dropped with its content everywhere), no event handlers, no
/// animation elements (they can set attributes, `href` among them), no `foreignObject` or
/// `annotation-xml` (HTML inside, dropped with their content), no `image`, no `style` element or
/// attribute; `href` and `xlink:href` only to a `#fragment` of the same document, and a presentation
/// attribute that holds `url(` only when every one is `url(#…)`. libxml2's HTML parser reads every name in
/// lower case: SVG's mixed-case names (`viewBox`, `linearGradient`) are written back in their own case.
/// Inside a root, an element outside its allowlist loses its tags and keeps its text.
extension HTMLSanitizer {
    /// The two roots; the lower-case name of each.
    static let foreignRoots: Set<String> = ["svg", "math"]

    static let svgElements: Set<String> = [
        "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse", "line",
        "polyline", "polygon", "text", "tspan", "textpath", "lineargradient", "radialgradient", "stop",
        "clippath", "mask", "pattern", "marker",
    ]

    static let svgAttributes: Set<String> = [
        "id", "viewbox", "preserveaspectratio", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
        "r", "rx", "ry", "fx", "fy", "d", "points", "pathlength", "transform", "fill", "fill-opacity", "fill-rule",
        "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
        "stroke-dashoffset", "stroke-opacity", "opacity", "color", "display", "visibility", "clip-path",
        "clip-rule", "mask", "marker-start", "marker-mid", "marker-end", "offset", "stop-color", "stop-opacity",
        "gradientunits", "gradienttransform", "spreadmethod", "patternunits", "patterncontentunits",
        "patterntransform", "clippathunits", "maskunits", "maskcontentunits", "markerwidth", "markerheight",
        "markerunits", "refx", "refy", "orient", "font-family", "font-size", "font-style", "font-weight",
        "text-anchor", "dominant-baseline", "alignment-baseline", "letter-spacing", "word-spacing",
        "text-decoration", "dx", "dy", "rotate", "textlength", "lengthadjust", "startoffset", "vector-effect",
        "shape-rendering", "href", "xlink:href", "role", "aria-label", "aria-hidden", "focusable", "lang",
    ]

    static let mathElements: Set<String> = [
        "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot", "mstyle",
        "merror", "mpadded", "mphantom", "menclose", "msub", "msup", "msubsup", "munder", "mover", "munderover",
        "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mlabeledtr", "mtd", "semantics", "annotation",
    ]

    static let mathAttributes: Set<String> = [
        "display", "mathvariant", "mathsize", "mathcolor", "mathbackground", "displaystyle", "scriptlevel",
        "dir", "fence", "separator", "stretchy", "symmetric", "largeop", "movablelimits", "accent",
        "accentunder", "lspace", "rspace", "minsize", "maxsize", "form", "linethickness", "numalign", "denomalign",
        "bevelled", "notation", "width", "height", "depth", "voffset", "columnalign", "rowalign", "columnspan",
        "rowspan", "columnlines", "rowlines", "frame", "columnspacing", "rowspacing", "encoding", "alttext",
    ]

    /// Dropped with their content inside a root (besides `dropWithContent`: `script`, `style`, …).
    static let foreignDropped: Set<String> = [
        "foreignobject", "annotation-xml", "image", "animate", "animatemotion", "animatetransform", "set",
        "filter", "feimage", "mglyph", "maction",
    ]

    /// SVG's mixed-case names, by their lower-case form.
    static let svgCase: [String: String] = {
        let names = [
            "viewBox", "preserveAspectRatio", "pathLength", "gradientUnits", "gradientTransform", "spreadMethod",
            "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
            "maskContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "textLength",
            "lengthAdjust", "startOffset", "textPath", "linearGradient", "radialGradient", "clipPath",
        ]
        return Dictionary(uniqueKeysWithValues: names.map { ($0.lowercased(), $0) })
    }()

    /// Whether `name` is written inside the root `root` ("svg" or "math").
    static func foreignElementKept(_ name: String, root: String) -> Bool {
        root == "svg" ? svgElements.contains(name) : mathElements.contains(name)
    }

    /// The value an attribute of an element inside the root `root` keeps, nil when it goes.
    static func foreignAttribute(_ name: String, _ value: String, root: String) -> String? {
        guard root == "svg" ? svgAttributes.contains(name) : mathAttributes.contains(name) else { return nil }
        if name == "href" || name == "xlink:href" {
            let v = HTMLText.trimmed(Array(value.utf8))
            return v.utf8.first == UInt8(ascii: "#") && !v.utf8.contains(where: { $0 <= 0x20 }) ? v : nil
        }
        return referencesOnlyFragments(value) ? value : nil
    }

    /// Whether every `url(` in `value` (any case, white space and a quote allowed before the target) names
    /// a `#fragment`.
    static func referencesOnlyFragments(_ value: String) -> Bool {
        let b = Array(value.utf8)
        var i = 0
        while i + 4 <= b.count {
            if b[i] | 0x20 == UInt8(ascii: "u"), b[i + 1] | 0x20 == UInt8(ascii: "r"), b[i + 2] | 0x20 == UInt8(ascii: "l"),
               b[i + 3] == UInt8(ascii: "(") {
                var j = i + 4
                while j < b.count, HTMLText.isSpace(b[j]) || b[j] == UInt8(ascii: "'") || b[j] == UInt8(ascii: "\"") { j += 1 }
                guard j < b.count, b[j] == UInt8(ascii: "#") else { return false }
                i = j
            }
            i += 1
        }
        // A `\` escape could spell `url(` in CSS: not allowed at all.
        return !b.contains(UInt8(ascii: "\\"))
    }

    /// The name as written in the output: SVG's own case inside an `svg` root.
    static func foreignName(_ name: String) -> String { svgCase[name] ?? name }
}
