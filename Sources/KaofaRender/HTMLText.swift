import KaofaCore

/// What the three HTML outputs share: escaping, the little Markdown bank text may use, the page frame and the
/// print stylesheet. Every file is self-contained (inline CSS, no scripts, no external resources), so a browser
/// prints it to PDF as it is.
public enum HTMLText {
    /// Escapes text for element content and double-quoted attribute values.
    public static func escape(_ text: String) -> String {
        // Most text has nothing to escape.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
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
    public typealias EmptyParentheses = InlineMarkup.EmptyParentheses

    /// Bank text (Markdown source) as HTML: `**bold**`, `*emphasis*` and line breaks; runs of two or more `_`/`＿`
    /// become underlined blanks, and empty （  ） print as `emptyParentheses` says; images are embedded from
    /// `images`. Everything else, including any HTML, is printed literally.
    public static func inline(_ text: String, emptyParentheses: EmptyParentheses = .literal, images: ImageScope? = nil) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 32)
        append(InlineMarkup.spans(text, emptyParentheses: emptyParentheses), images: images, to: &out)
        return out
    }

    /// Bank text that may hold tables: the first run of lines as inline HTML (to follow a question's number in
    /// its paragraph), and what follows it — tables and further paragraphs of `paragraphClass`.
    static func blocks(_ text: String, emptyParentheses: EmptyParentheses = .literal, images: ImageScope? = nil,
                       paragraphClass: String) -> (first: String, rest: String) {
        var first = "", rest = ""
        for (index, block) in InlineMarkup.blocks(text, emptyParentheses: emptyParentheses).enumerated() {
            switch block {
            case let .text(spans):
                if index == 0 {
                    append(spans, images: images, to: &first)
                } else {
                    rest += "<p class=\"\(paragraphClass)\">"
                    append(spans, images: images, to: &rest)
                    rest += "</p>\n"
                }
            case let .table(rows):
                rest += "<table class=\"data\">"
                for (rowIndex, row) in rows.enumerated() {
                    let tag = rowIndex == 0 ? "th" : "td"
                    rest += "<tr>"
                    for cell in row {
                        rest += "<\(tag)>"
                        append(cell, images: images, to: &rest)
                        rest += "</\(tag)>"
                    }
                    rest += "</tr>"
                }
                rest += "</table>\n"
            }
        }
        return (first, rest)
    }

    /// The images of one question: the paper's image files and the bank file its paths start from.
    public struct ImageScope {
        public var images: PaperImages
        public var bankFile: String

        public init(images: PaperImages, bankFile: String) {
            self.images = images
            self.bankFile = bankFile
        }
    }

    private static func append(_ spans: [InlineMarkup.Span], images: ImageScope?, to out: inout String) {
        for span in spans {
            switch span {
            case let .text(text): out += escape(text)
            case let .strong(inner):
                out += "<strong>"
                append(inner, images: images, to: &out)
                out += "</strong>"
            case let .emphasis(inner):
                out += "<em>"
                append(inner, images: images, to: &out)
                out += "</em>"
            case .lineBreak: out += "<br>"
            case .blank: out += blank
            case .answerSpace: out += "（　　）"
            case let .image(alt, path):
                if let image = images?.images.image(path, from: images?.bankFile ?? "") {
                    out += "<img src=\"\(image.dataURL)\" alt=\"\(escape(alt))\">"
                } else {
                    out += escape("［图：\(alt.isEmpty ? path : alt)］")
                }
            }
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
        .fields { display: flex; flex-wrap: wrap; justify-content: space-between; margin: 2mm 0 4mm; gap: 1mm 4mm; }
        .field { white-space: nowrap; }
        .field .fill { display: inline-block; min-width: 28mm; border-bottom: 0.8pt solid #000; text-align: center;
          padding: 0 1mm; line-height: 1.3; }
        .blank { display: inline-block; min-width: 22mm; border-bottom: 0.8pt solid #000; margin: 0 1mm;
          height: 1em; vertical-align: -0.15em; }
        .rule { margin: 0 0 2mm; }
        .answer-lines { margin: 1mm 0 3mm 2em; }
        .answer-lines .line { height: 8.5mm; border-bottom: 0.6pt solid #555; }
        img { max-width: 100%; vertical-align: middle; }
        table.data { border-collapse: collapse; margin: 1mm 0 1mm 1.6em; font-size: 10pt; line-height: 1.4; }
        table.data th, table.data td { border: 0.6pt solid #000; padding: 0.5mm 2mm; text-align: left; }
        table.data th { font-weight: bold; }

        """
}
