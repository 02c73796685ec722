/// What the sanitizer adds or removes so that its output is safe to render as it is (documented in
/// Tests/Contracts/OUTPUT.md, "Sanitized HTML"). Both paths (libxml2's writer and the fast path) decide
/// through these functions.
extension HTMLSanitizer {
    /// Written on every `a` that keeps an `href`: the linked page gets neither `window.opener` nor a
    /// `Referer` naming the reader.
    static let linkRel = "noopener noreferrer"

    /// Written on every kept `iframe`: the player may run its scripts against its own origin and open its
    /// own page in a new window, but may not navigate the reader's page, submit forms or open modal dialogs.
    static let iframeSandbox = "allow-scripts allow-same-origin allow-popups"
    /// Written on every kept `iframe`: the player learns the reader's origin at most, never the page.
    static let iframeReferrerPolicy = "strict-origin-when-cross-origin"

    /// Video players an `iframe` may show (https only, exact host): YouTube (and its no-cookie host),
    /// Vimeo, Dailymotion, TED.
    static let iframeHosts: Set<String> = [
        "www.youtube.com", "youtube.com", "m.youtube.com", "www.youtube-nocookie.com", "youtube-nocookie.com",
        "player.vimeo.com", "www.dailymotion.com", "dailymotion.com", "geo.dailymotion.com", "embed.ted.com",
    ]

    /// Hosts whose images are tracking beacons, not pictures (matched as the host or a subdomain of it):
    /// ad and analytics networks, WordPress.com's stats pixel, FeedsPortal's redirector.
    static let trackerHosts: [String] = [
        "doubleclick.net", "google-analytics.com", "googletagmanager.com", "pixel.wp.com", "stats.wordpress.com",
        "feedsportal.com", "scorecardresearch.com", "quantserve.com", "pixel.quantserve.com", "pixel.facebook.com",
        "analytics.twitter.com", "pixel.mathtag.com", "ad.doubleclick.net",
    ]

    /// FeedBurner's hosts, whose `/~r/…/~4/…` images are per-reader beacons and `/~ff/…` images
    /// ("flares") share-button pictures.
    static let feedburnerHosts: Set<String> = ["feeds.feedburner.com", "feedproxy.google.com", "feeds.feedblitz.com"]

    /// Lazy-loading attributes on `img` and `source` that hold the real image (the page's script would copy
    /// them into `src`/`srcset`): read as those, in place of the placeholder.
    static let lazySource: [String: String] = [
        "data-src": "src", "data-lazy-src": "src", "data-original": "src",
        "data-srcset": "srcset", "data-lazy-srcset": "srcset",
    ]

    /// Whether an image is a tracking pixel: 1×1 (or smaller) by its `width` and `height` attributes, or
    /// from a tracker's host (`trackerHosts`, FeedBurner's beacon and flare paths).
    static func isTrackingPixel(src: String?, width: String?, height: String?) -> Bool {
        if let width, let height, isAtMostOnePixel(width), isAtMostOnePixel(height) { return true }
        guard let src else { return false }
        let host = Writer.host(src)
        guard !host.isEmpty else { return false }
        for t in trackerHosts where host == t || host.hasSuffix("." + t) { return true }
        if feedburnerHosts.contains(host) {
            return src.contains("/~r/") && src.contains("/~4/") || src.contains("/~ff/")
        }
        return false
    }

    /// `0`, `1`, `1px`, ` 1 `: a dimension no picture has.
    static func isAtMostOnePixel(_ value: String) -> Bool {
        var digits = Array(HTMLText.trimmed(Array(value.utf8)).utf8)[...]
        if digits.count > 2, digits.suffix(2).elementsEqual("px".utf8) { digits = digits.dropLast(2) }
        return digits.count == 1 && (digits.first == UInt8(ascii: "0") || digits.first == UInt8(ascii: "1"))
    }

    /// A `srcset` with each candidate's URL resolved against `base` and kept only if it is http(s) or
    /// relative (never `data:` or a script); descriptors (`2x`, `640w`) kept when they are one. nil when
    /// no candidate is left. Candidates are separated by a comma followed by white space or by a
    /// descriptor's end, so commas inside a URL (`/i.jpg?w=1,2`) stay part of it.
    static func keptSrcset(_ value: String, base: String?, cache: inout URLResolver.ParsedBase?) -> String? {
        var out: [String] = []
        let b = Array(value.utf8)
        var i = 0
        let n = b.count
        while i < n, out.count < 32 {
            while i < n, HTMLText.isSpace(b[i]) || b[i] == UInt8(ascii: ",") { i += 1 }
            guard i < n else { break }
            let us = i
            while i < n, !HTMLText.isSpace(b[i]) { i += 1 }
            var ue = i
            // A URL ending with commas: they separate it from the next candidate (HTML §4.8.4.3.10).
            var endsCandidate = false
            while ue > us, b[ue - 1] == UInt8(ascii: ",") { ue -= 1; endsCandidate = true }
            var descriptor = ""
            if !endsCandidate {
                while i < n, HTMLText.isSpace(b[i]) { i += 1 }
                let ds = i
                while i < n, b[i] != UInt8(ascii: ",") { i += 1 }
                descriptor = HTMLText.trimmed(Array(b[ds..<i]))
                if i < n { i += 1 }
            }
            guard ue > us else { continue }
            let url = String(decoding: b[us..<ue], as: UTF8.self)
            guard let kept = URLResolver.outgoing(url, against: base, allowing: .web, cache: &cache),
                  !kept.utf8.contains(where: { $0 <= 0x20 }) else { continue }
            out.append(isDescriptor(descriptor) ? (descriptor.isEmpty ? kept : kept + " " + descriptor) : kept)
        }
        return out.isEmpty ? nil : out.joined(separator: ", ")
    }

    /// `2x`, `1.5x`, `640w`, or nothing.
    static func isDescriptor(_ d: String) -> Bool {
        let b = Array(d.utf8)
        guard let last = b.last else { return true }
        guard last == UInt8(ascii: "x") || last == UInt8(ascii: "w"), b.count >= 2, b.count <= 12 else { return false }
        return b.dropLast().allSatisfy { DateParser.isDigit($0) || $0 == UInt8(ascii: ".") }
            && DateParser.isDigit(b[0])
    }

    /// The attributes an `img`, `source` or `a` keeps, in the order written, after the rules above:
    /// lazy sources replace the placeholder (at the placeholder's place), `srcset` is filtered, a tracking
    /// pixel loses everything (nil: the element is dropped) and a link gets `rel`. `kept` holds the
    /// allowlisted attributes in source order, URL attributes already resolved.
    static func applyRules(element: String, _ kept: [(String, String)], lazy: [(String, String)],
                           base: String?) -> [(String, String)]? {
        var cache: URLResolver.ParsedBase?
        var attrs = kept
        if let k = attrs.firstIndex(where: { $0.0 == "srcset" }) {
            if let v = keptSrcset(attrs[k].1, base: base, cache: &cache) { attrs[k].1 = v } else { attrs.remove(at: k) }
        }
        for (real, raw) in lazy {
            let value: String?
            if real == "src" {
                value = keptURL(raw, element: element, attribute: "src", base: base, cache: &cache)
            } else {
                value = keptSrcset(raw, base: base, cache: &cache)
            }
            guard let value else { continue }
            if let k = attrs.firstIndex(where: { $0.0 == real }) { attrs[k].1 = value } else { attrs.append((real, value)) }
        }
        if element == "img" {
            func value(_ name: String) -> String? { attrs.first { $0.0 == name }?.1 }
            if isTrackingPixel(src: value("src"), width: value("width"), height: value("height")) { return nil }
        }
        if element == "a", attrs.contains(where: { $0.0 == "href" }) { attrs.append(("rel", linkRel)) }
        return attrs
    }
}
