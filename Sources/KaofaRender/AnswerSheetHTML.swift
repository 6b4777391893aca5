import KaofaCore

/// 答题卡: who and which paper, then a compact grid of the objective numbers — a box for each printed option
/// label (单选/多选/不定项) or 对 错 (判断) — five items a row, so that a 50-question paper fits on one A4 page.
/// Written answers (填空, 简答, the written parts of a case) are answered on the paper; the sheet says so.
public enum AnswerSheetHTML {
    public static func document(_ paper: Paper) -> String {
        HTMLText.document(title: HTMLText.title(paper) + " 答题卡", css: css(scope: ""), body: body(paper))
    }

    /// The sheet's stylesheet limited to `.answer-sheet`, which starts a new page: for a paper printed with its
    /// sheet (`PaperHTML.combined`).
    static let scopedCSS = ".answer-sheet { break-before: page; page-break-before: always; }\n" + css(scope: ".answer-sheet ")

    static func body(_ paper: Paper) -> String {
        let title = HTMLText.title(paper) + " 答题卡"
        var body = "<header>\n<p class=\"paper-id\">试卷编号：\(HTMLText.escape(paper.id))</p>\n"
        body += "<h1>\(HTMLText.escape(title))</h1>\n"
        let examinee = paper.examinee
        let fields = [("卷别", paper.variant.map { "\($0)卷" }), ("编号", examinee?.id), ("姓名", examinee?.name),
                      ("单位", examinee?.unit)]
        body += "<div class=\"fields\">"
        for (label, value) in fields {
            body += "<span class=\"field\">\(label)：<span class=\"fill\">\(HTMLText.escape(value ?? ""))</span></span>"
        }
        body += "</div>\n<p class=\"note\">用黑色字迹的笔将所选选项的方框涂黑或打“√”；判断题正确的选“对”，错误的选“错”。</p>\n</header>\n"
        for (index, section) in paper.sections.enumerated() {
            body += "<section>\n<h2>\(HTMLText.escape(PaperText.heading(section, index: index)))</h2>\n"
            let layout = Layout(section)
            let grid = layout.items.map { row($0.number, $0.boxes) }.joined()
            let partGrid = layout.parts.map { row($0.number, $0.boxes) }.joined()
            let written = layout.written
            if !grid.isEmpty { body += "<div class=\"grid\">\(grid)</div>\n" }
            // The parts of a case carry longer numbers (`43（1）`): fewer to a row.
            if !partGrid.isEmpty { body += "<div class=\"grid parts\">\(partGrid)</div>\n" }
            if !written.isEmpty {
                body += "<p class=\"written\">第 \(HTMLText.escape(written.joined(separator: "、"))) 题：见试卷作答。</p>\n"
            }
            body += "</section>\n"
        }
        return body
    }

    /// What a section's part of the sheet holds: a row of boxes for every objective number, the parts of cases
    /// (longer numbers, `43（1）`), and the numbers answered in writing on the paper.
    struct Layout {
        var items: [(number: String, boxes: [String])] = []
        var parts: [(number: String, boxes: [String])] = []
        var written: [String] = []

        init(_ section: PaperSection) {
            for item in section.items {
                if let boxes = boxes(item) {
                    items.append(("\(item.number)", boxes))
                } else if item.question.type == .caseAnalysis {
                    for part in item.parts {
                        let number = "\(item.number)（\(part.number)）"
                        if let boxes = boxes(part) { parts.append((number, boxes)) } else { written.append(number) }
                    }
                } else {
                    written.append("\(item.number)")
                }
            }
        }
    }

    /// The labels of the boxes of an objective item, or nil for an item answered in writing.
    static func boxes(_ item: PaperItem) -> [String]? {
        switch item.question.type {
        case .single, .multiple, .indefinite: item.options.map(\.label)
        case .trueFalse: ["对", "错"]
        default: nil
        }
    }

    private static func row(_ number: String, _ boxes: [String]) -> String {
        "<div class=\"item\"><span class=\"n\">\(number)</span>"
            + boxes.map { "<span class=\"box\">\(HTMLText.escape($0))</span>" }.joined() + "</div>"
    }

    static func css(scope: String) -> String {
        """
        \(scope).note { font-size: 9pt; margin: 0 0 2mm; }
        \(scope)h2 { font-size: 10pt; margin: 3mm 0 1mm; }
        \(scope).grid { display: grid; grid-template-columns: repeat(5, 1fr); border: 0.8pt solid #000; padding: 1mm 2mm;
          row-gap: 1.2mm; break-inside: avoid; margin: 0 0 1mm; }
        \(scope).grid.parts { grid-template-columns: repeat(3, 1fr); }
        \(scope).grid.parts .n { min-width: 4.5em; }
        \(scope).item { white-space: nowrap; font-size: 9pt; line-height: 1.4; }
        \(scope).item .n { display: inline-block; min-width: 2.2em; text-align: right; margin-right: 1mm; }
        \(scope).box { display: inline-block; min-width: 4.2mm; height: 3.8mm; line-height: 3.6mm; border: 0.6pt solid #000;
          text-align: center; font-size: 7.5pt; margin-right: 0.8mm; padding: 0 0.3mm; }
        \(scope).written { margin: 1mm 0 0; }

        """
    }
}
