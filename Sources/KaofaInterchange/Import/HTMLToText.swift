/// HTML from another system's question text (Moodle's editor, a GIFT `[html]` question) as the plain lines a bank
/// field holds: tags stripped, entities decoded, `<p>`, `<br>`, `<div>`, `<li>` and table rows as line breaks,
/// `<b>`/`<strong>` as `**…**` and `<i>`/`<em>` as `*…*` (the bank's inline markup), an underlined run of spaces
/// (`<u>&nbsp;&nbsp;</u>`, a blank in Word-made questions) as `____`, and a `<table>` as a Markdown table.
///
/// What plain text cannot hold is collected, never dropped silently: pictures (`<img>`), link targets, and the
/// content of `<script>`, `<style>`, `<audio>`, `<video>`, `<object>` and `<iframe>`.
enum HTMLToText {
    struct Result: Equatable {
        /// The text, lines separated by `\n`, each trimmed, no blank lines.
        var text: String
        /// `src` of each picture, in order.
        var images: [String] = []
        /// Link targets whose text was kept without them.
        var links: [String] = []
        /// Other content left out, in words (`脚本`, `音视频`).
        var omitted: [String] = []
    }

    static func convert(_ html: String) -> Result {
        var converter = Converter(scalars: Array(html.unicodeScalars))
        converter.run()
        return converter.result()
    }

    /// `&amp;` `&lt;` `&nbsp;` `&#20013;` `&#x4E2D;` and a few typographic names decoded; an unknown name is kept as written.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if scalars[i] == "&", let (decoded, end) = entity(scalars, at: i) {
                out.append(contentsOf: decoded.unicodeScalars)
                i = end
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ensp": " ", "emsp": " ", "thinsp": " ",
        "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "mdash": "—", "ndash": "–", "hellip": "…", "middot": "·",
        "times": "×", "divide": "÷", "yen": "¥", "deg": "°", "plusmn": "±", "sect": "§", "copy": "©", "reg": "®",
        "laquo": "«", "raquo": "»", "bull": "•", "shy": "",
    ]

    /// The entity starting at `i` (`&…;`) and the index after it.
    private static func entity(_ scalars: [Unicode.Scalar], at i: Int) -> (String, Int)? {
        var j = i + 1
        while j < scalars.count, j - i <= 10, scalars[j] != ";" {
            let value = scalars[j].value
            let word = (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || scalars[j] == "#"
            guard word else { return nil }
            j += 1
        }
        guard j < scalars.count, scalars[j] == ";", j > i + 1 else { return nil }
        let name = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            guard let value, let scalar = Unicode.Scalar(value), value != 0 else { return nil }
            return (String(Character(scalar)), j + 1)
        }
        guard let decoded = namedEntities[name] ?? namedEntities[name.lowercased()] else { return nil }
        return (decoded, j + 1)
    }

    private struct Converter {
        let scalars: [Unicode.Scalar]
        var i = 0
        var out = String.UnicodeScalarView()
        var images: [String] = []
        var links: [String] = []
        var omitted: [String] = []
        /// Inside `<pre>`: line breaks are kept.
        var preformatted = 0
        /// The text of the open `<u>`, to tell a blank from underlined words.
        var underlineStart: [String.UnicodeScalarView.Index] = []
        /// The open link's target and where its text starts.
        var link: (href: String, start: String.UnicodeScalarView.Index)?
        /// Table rows collected so far, and the cell being read (nil outside a cell).
        var tables: [[[String]]] = []
        var cell: String.UnicodeScalarView?

        init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

        mutating func run() {
            var textStart = 0
            while i < scalars.count {
                guard scalars[i] == "<" else { i += 1; continue }
                emitText(textStart..<i)
                tag()
                textStart = i
            }
            emitText(textStart..<scalars.count)
        }

        func result() -> Result {
            let lines = ImportText.lines(String(out))
            return Result(text: lines.joined(separator: "\n"), images: images, links: links, omitted: omitted)
        }

        /// Appends text, decoded; white space that includes a line break counts as one space (as a browser shows it),
        /// runs of plain spaces are kept (`（  ）` is a blank).
        mutating func emitText(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            // Most text has no line breaks, tabs or entities: appended as it is.
            if !scalars[range].contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "&" }) {
                if cell != nil { cell!.append(contentsOf: scalars[range]) } else { out.append(contentsOf: scalars[range]) }
                return
            }
            var raw = String.UnicodeScalarView()
            var k = range.lowerBound
            while k < range.upperBound {
                let scalar = scalars[k]
                if preformatted == 0, scalar == "\n" || scalar == "\r" || scalar == "\t" {
                    // Replace the whole run of white space around the break with one space.
                    while let last = raw.last, last == " " { raw.removeLast() }
                    var j = k
                    while j < range.upperBound, scalars[j] == " " || scalars[j] == "\n" || scalars[j] == "\r" || scalars[j] == "\t" { j += 1 }
                    raw.append(" ")
                    k = j
                    continue
                }
                raw.append(scalar)
                k += 1
            }
            append(HTMLToText.decodeEntities(String(raw)))
        }

        mutating func append(_ text: String) {
            if cell != nil {
                cell!.append(contentsOf: text.replacingOccurrences(of: "\n", with: " ").unicodeScalars)
            } else {
                out.append(contentsOf: text.unicodeScalars)
            }
        }

        mutating func lineBreak() {
            if cell != nil { append(" ") } else { out.append("\n") }
        }

        /// Reads the tag at `i` (which is `<`) and acts on it; `i` ends after it.
        mutating func tag() {
            if starts("<!--") {
                i = find("-->").map { $0 + 3 } ?? scalars.count
                return
            }
            if starts("<![CDATA[") {
                let end = find("]]>") ?? scalars.count
                append(String(String.UnicodeScalarView(scalars[(i + 9)..<end])))
                i = min(scalars.count, end + 3)
                return
            }
            var j = i + 1
            let closing = j < scalars.count && scalars[j] == "/"
            if closing { j += 1 }
            let nameStart = j
            while j < scalars.count, isNameScalar(scalars[j]) { j += 1 }
            guard j > nameStart || (j < scalars.count && scalars[j] == "!") else {
                // A lone `<` (as in `a < b` written without escaping) is text.
                append("<")
                i += 1
                return
            }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<j])).lowercased()
            // The end of the tag, past quoted attribute values.
            var quote: Unicode.Scalar?
            var k = j
            while k < scalars.count {
                let scalar = scalars[k]
                if let q = quote {
                    if scalar == q { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    break
                }
                k += 1
            }
            let attributes = String(String.UnicodeScalarView(scalars[j..<min(k, scalars.count)]))
            i = min(scalars.count, k + 1)
            closing ? close(name) : open(name, attributes: attributes)
        }

        mutating func open(_ name: String, attributes: String) {
            switch name {
            case "br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dt", "dd", "hr":
                lineBreak()
            case "pre":
                lineBreak()
                preformatted += 1
            case "b", "strong": append("**")
            case "i", "em": append("*")
            case "u": underlineStart.append(out.endIndex)
            case "img":
                let source = Self.attribute("src", in: attributes) ?? Self.attribute("alt", in: attributes) ?? "（没有地址）"
                images.append(HTMLToText.decodeEntities(source))
            case "a":
                if let href = Self.attribute("href", in: attributes), !href.isEmpty { link = (HTMLToText.decodeEntities(href), out.endIndex) }
            case "table": tables.append([])
            case "tr": if !tables.isEmpty { tables[tables.count - 1].append([]) }
            case "td", "th": if !tables.isEmpty { cell = String.UnicodeScalarView() }
            case "script", "style", "audio", "video", "object", "iframe", "embed", "math", "svg":
                skipContent(of: name)
            default: break
            }
        }

        mutating func close(_ name: String) {
            switch name {
            case "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dt", "dd":
                lineBreak()
            case "pre":
                preformatted = max(0, preformatted - 1)
                lineBreak()
            case "b", "strong": append("**")
            case "i", "em": append("*")
            case "u":
                guard let start = underlineStart.popLast(), cell == nil else { return }
                let inside = String(out[start...])
                if inside.unicodeScalars.allSatisfy({ ImportText.isSpace($0) }) {
                    out.removeSubrange(start...)
                    out.append(contentsOf: "____".unicodeScalars)
                }
            case "a":
                guard let open = link else { return }
                link = nil
                let text = ImportText.trimmed(String(out[open.start...]))
                if text != open.href && !open.href.hasPrefix("#") { links.append(open.href) }
            case "td", "th":
                guard let content = cell, !tables.isEmpty, !tables[tables.count - 1].isEmpty else { cell = nil; return }
                let text = ImportText.trimmed(String(content)).replacingOccurrences(of: "|", with: "｜")
                tables[tables.count - 1][tables[tables.count - 1].count - 1].append(text)
                cell = nil
            case "table":
                guard let rows = tables.popLast() else { return }
                let filled = rows.filter { !$0.isEmpty }
                out.append("\n")
                for (index, row) in filled.enumerated() {
                    out.append(contentsOf: ("| " + row.joined(separator: " | ") + " |\n").unicodeScalars)
                    if index == 0 { out.append(contentsOf: ("|" + row.map { _ in " --- |" }.joined() + "\n").unicodeScalars) }
                }
            default: break
            }
        }

        /// Skips to the end of `name` (content that is not text: scripts, media), and says so.
        mutating func skipContent(of name: String) {
            let what = name == "script" ? "脚本" : name == "style" ? "样式" : name == "math" ? "公式（MathML）" : name == "svg" ? "矢量图" : "音视频或嵌入内容"
            if !omitted.contains(what) { omitted.append(what) }
            let end = "</" + name
            while i < scalars.count {
                if scalars[i] == "<", lowercasedStarts(end) {
                    i = (find(">") ?? scalars.count - 1) + 1
                    return
                }
                i += 1
            }
        }

        func starts(_ text: String) -> Bool {
            let pattern = Array(text.unicodeScalars)
            return i + pattern.count <= scalars.count && Array(scalars[i..<(i + pattern.count)]) == pattern
        }

        func lowercasedStarts(_ text: String) -> Bool {
            let pattern = Array(text.unicodeScalars)
            guard i + pattern.count <= scalars.count else { return false }
            return String(String.UnicodeScalarView(scalars[i..<(i + pattern.count)])).lowercased() == text
        }

        func find(_ text: String) -> Int? {
            let pattern = Array(text.unicodeScalars)
            var k = i
            while k + pattern.count <= scalars.count {
                if scalars[k] == pattern[0], Array(scalars[k..<(k + pattern.count)]) == pattern { return k }
                k += 1
            }
            return nil
        }

        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || scalar == "-" || scalar == ":"
        }

        /// The value of attribute `name` in a tag's attribute text (`src="a.png" alt='b'`).
        static func attribute(_ name: String, in attributes: String) -> String? {
            let scalars = Array(attributes.unicodeScalars)
            let pattern = Array(name.unicodeScalars)
            var k = 0
            while k < scalars.count {
                let before = k == 0 || ImportText.isSpace(scalars[k - 1])
                if before, k + pattern.count < scalars.count,
                   String(String.UnicodeScalarView(scalars[k..<(k + pattern.count)])).lowercased() == name {
                    var j = k + pattern.count
                    while j < scalars.count, ImportText.isSpace(scalars[j]) { j += 1 }
                    if j < scalars.count, scalars[j] == "=" {
                        j += 1
                        while j < scalars.count, ImportText.isSpace(scalars[j]) { j += 1 }
                        guard j < scalars.count else { return "" }
                        if scalars[j] == "\"" || scalars[j] == "'" {
                            let quote = scalars[j]
                            let end = scalars[(j + 1)...].firstIndex(of: quote) ?? scalars.count
                            return String(String.UnicodeScalarView(scalars[(j + 1)..<end]))
                        }
                        let end = scalars[j...].firstIndex { ImportText.isSpace($0) || $0 == "/" } ?? scalars.count
                        return String(String.UnicodeScalarView(scalars[j..<end]))
                    }
                }
                k += 1
            }
            return nil
        }
    }
}
