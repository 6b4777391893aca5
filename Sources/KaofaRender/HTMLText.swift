import KaofaCore

/// What the three HTML outputs share: escaping, the little Markdown bank text may use, the page frame and the
/// print stylesheet. Every file is self-contained (inline CSS, no scripts, no external resources), so a browser
/// prints it to PDF as it is.
public enum HTMLText {
    /// Escapes text for element content and double-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// What an empty （  ） in bank text prints as.
    public enum EmptyParentheses: Sendable {
        /// As written.
        case literal
        /// An underlined blank (填空题).
        case blank
        /// `（　　）`, wide enough to write a letter in (选择题).
        case answerSpace
    }

    /// Bank text (Markdown source) as HTML: `**bold**`, `*emphasis*` and line breaks; runs of two or more `_`/`＿`
    /// become underlined blanks, and empty （  ） print as `emptyParentheses` says. Everything else, including any
    /// HTML, is printed literally.
    public static func inline(_ text: String, emptyParentheses: EmptyParentheses = .literal) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 32)
        inline(Array(text.unicodeScalars)[...], emptyParentheses: emptyParentheses, into: &out)
        return out
    }

    /// Works on Unicode scalars: comparing `Character`s would normalise Chinese text on every comparison.
    private static func inline(_ scalars: ArraySlice<Unicode.Scalar>, emptyParentheses: EmptyParentheses, into out: inout String) {
        /// The position of the closing `*` or `**` on the same line, if any.
        func closing(_ width: Int, from start: Int) -> Int? {
            var probe = start
            while probe + width <= scalars.endIndex {
                if scalars[probe] == "\n" { return nil }  // emphasis does not span lines
                if probe > start, scalars[probe] == "*", width == 1 || scalars[probe + 1] == "*" { return probe }
                probe += 1
            }
            return nil
        }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" {
                out += "<br>"
                index += 1
            } else if scalar == "_" || scalar == "＿" {
                var end = index
                while end < scalars.endIndex, scalars[end] == "_" || scalars[end] == "＿" { end += 1 }
                if end - index >= 2 { out += blank } else { appendEscaped(scalar, to: &out) }
                index = end
            } else if emptyParentheses != .literal, scalar == "（" || scalar == "(",
                      let end = scalars[(index + 1)...].firstIndex(where: { !($0 == " " || $0 == "　" || $0 == "\t") }),
                      scalars[end] == "）" || scalars[end] == ")" {
                out += emptyParentheses == .blank ? blank : "（　　）"
                index = end + 1
            } else if scalar == "*", index + 1 < scalars.endIndex, scalars[index + 1] == "*", let end = closing(2, from: index + 2) {
                out += "<strong>"
                inline(scalars[(index + 2)..<end], emptyParentheses: .literal, into: &out)
                out += "</strong>"
                index = end + 2
            } else if scalar == "*", let end = closing(1, from: index + 1) {
                out += "<em>"
                inline(scalars[(index + 1)..<end], emptyParentheses: .literal, into: &out)
                out += "</em>"
                index = end + 1
            } else {
                appendEscaped(scalar, to: &out)
                index += 1
            }
        }
    }

    @inline(__always)
    private static func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(scalar)
        }
    }

    /// An underlined blank for the examinee to write in.
    static let blank = "<span class=\"blank\"></span>"

    /// `领导干部任前法律知识考试（A卷）`.
    static func title(_ paper: Paper) -> String {
        let label = PaperText.subjectLabel(paper)
        return paper.title + (label.isEmpty ? "" : "（\(label)）")
    }

    /// A whole page: doctype, charset, title, the shared stylesheet plus `css`, and `body`.
    static func document(title: String, css: String = "", body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <title>\(escape(title))</title>
        <style>
        \(stylesheet)\(css)</style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// `count` ruled lines for a written answer.
    static func ruledLines(_ count: Int) -> String {
        "<div class=\"answer-lines\">" + String(repeating: "<div class=\"line\"></div>", count: count) + "</div>\n"
    }

    /// A4 with the page number centred at the foot, Song-style CJK fonts, 五号-sized body text; questions are not
    /// split across pages.
    static let stylesheet = """
        @page { size: A4; margin: 20mm 18mm 22mm 18mm;
          @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; } }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, "Songti SC", serif;
          font-size: 10.5pt; line-height: 1.75; color: #000; margin: 0 auto; max-width: 174mm; }
        h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; font-weight: bold; letter-spacing: 0.05em; }
        h2 { font-size: 11pt; font-weight: bold; margin: 5mm 0 2mm; break-after: avoid; }
        .info { text-align: center; margin: 0 0 3mm; }
        .paper-id { font-size: 8pt; text-align: right; margin: 0 0 2mm; color: #333; }
        .fields { display: flex; justify-content: space-between; margin: 2mm 0 4mm; gap: 4mm; }
        .field { white-space: nowrap; }
        .field .fill { display: inline-block; min-width: 28mm; border-bottom: 0.8pt solid #000; text-align: center;
          padding: 0 1mm; line-height: 1.3; }
        .blank { display: inline-block; min-width: 22mm; border-bottom: 0.8pt solid #000; margin: 0 1mm;
          height: 1em; vertical-align: -0.15em; }
        .rule { margin: 0 0 2mm; }
        .answer-lines { margin: 1mm 0 3mm 2em; }
        .answer-lines .line { height: 8.5mm; border-bottom: 0.6pt solid #555; }

        """
}
