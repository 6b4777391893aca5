/// Parses a bank file into its syntax tree. Resilient like a compiler's parser: it never stops at the first
/// problem, always returns a tree, and reports what it could not read as diagnostics with exact positions.
public enum BankParser {
    public static func parse(_ file: SourceFile) -> (BankFileSyntax, [Diagnostic]) {
        parse(file, partLines: partLines)
    }

    /// About this many lines a part when a large file is parsed in parts.
    static let partLines = 65_536

    /// The same, parsing a file of at least two parts of about `partLines` lines in parts on all cores (tests vary
    /// it: the tree and the diagnostics are the same whatever the parts).
    static func parse(_ file: SourceFile, partLines: Int) -> (BankFileSyntax, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let (frontMatter, bodyStart) = FrontMatterParser.parse(file, diagnostics: &diagnostics)
        let ranges = partRanges(file, bodyStart: bodyStart, partLines: partLines)
        if ranges.count > 1 {
            let parts = ParallelMap.map(ranges) { parsePart(file, lines: $0, bodyStart: bodyStart) }
            if partsJoin(parts) {
                var items = parts.map(\.items)
                return (BankFileSyntax(path: file.path, frontMatter: frontMatter, items: moveAll(&items)),
                        diagnostics + parts.flatMap(\.diagnostics))
            }
        }
        return parseBody(file, frontMatter: frontMatter, bodyStart: bodyStart, diagnostics: diagnostics)
    }

    /// The rest of the parse of a whole file in one piece, once its front matter has been read (with `diagnostics`).
    static func parseBody(_ file: SourceFile, frontMatter: FrontMatterSyntax?, bodyStart: Int,
                          diagnostics: [Diagnostic]) -> (BankFileSyntax, [Diagnostic]) {
        var state = ParserState(file: file, lines: file.lineCount - bodyStart)
        state.diagnostics = diagnostics
        for index in bodyStart..<file.lineCount { state.consume(file.line(index)) }
        state.finish()
        return (BankFileSyntax(path: file.path, frontMatter: frontMatter, items: state.items), state.diagnostics)
    }

    /// The body's lines in parts of about `partLines` lines (one part for a smaller file). A part after the first
    /// starts at the first line after a blank line that starts a question with a plain number (`12.`): at such a
    /// line the parser closes whatever was open and starts the question, whatever came before — unless a comment is
    /// still open there, or the type heading in effect is not the one guessed; `partsJoin` checks both.
    static func partRanges(_ file: SourceFile, bodyStart: Int, partLines: Int) -> [Range<Int>] {
        var starts = [bodyStart]
        if partLines >= 2, partLines <= (file.lineCount - bodyStart) / 2 {
            var target = bodyStart + partLines
            while target < file.lineCount - partLines / 2 {
                var index = target
                while index < min(target + partLines / 2, file.lineCount) {
                    if file.line(index - 1).isBlank, startsNumberedQuestion(file, line: file.line(index)) {
                        starts.append(index)
                        break
                    }
                    index += 1
                }
                target = index + partLines
            }
        }
        return starts.indices.map { starts[$0]..<($0 + 1 < starts.count ? starts[$0 + 1] : file.lineCount) }
    }

    /// True when the line starts with `12.` (ASCII digits and a dot or `、`), which after a blank line always starts
    /// a question when no comment is open.
    private static func startsNumberedQuestion(_ file: SourceFile, line: Line) -> Bool {
        guard !line.isBlank, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(file.bytes[line.contentStart]),
              file.fieldMarker(at: line.contentStart, end: line.contentEnd) == nil,
              let marker = file.numberMarker(at: line.contentStart, end: line.contentEnd) else { return false }
        return marker.style == .dotted
    }

    /// What parsing one part of a file gives, and the parser's state at the part's ends.
    struct Part: Sendable {
        var items: [BankItemSyntax]
        var diagnostics: [Diagnostic]
        /// The type in effect assumed at the part's start.
        var guessedType: QuestionType?
        /// The type in effect at its end, and whether a comment was still open there.
        var endType: QuestionType?
        var endsInComment: Bool
    }

    /// Parses the lines `lines` of the body (which starts at `bodyStart`) from a fresh state, given the type of the
    /// last type heading above them.
    static func parsePart(_ file: SourceFile, lines: Range<Int>, bodyStart: Int) -> Part {
        var state = ParserState(file: file, lines: lines.count)
        let guessed = lines.lowerBound == bodyStart ? nil : typeInEffect(file, before: lines.lowerBound)
        state.sectionType = guessed
        for index in lines { state.consume(file.line(index)) }
        let endType = state.sectionType, endsInComment = state.comment != nil
        state.finish()
        return Part(items: state.items, diagnostics: state.diagnostics, guessedType: guessed, endType: endType,
                    endsInComment: endsInComment)
    }

    /// True when every part started where the parser, reading the whole file, would have been: no comment open
    /// across a part's start, and the type in effect the one guessed. Then the parts' items and diagnostics, in
    /// order, are the whole file's.
    static func partsJoin(_ parts: [Part]) -> Bool {
        parts.indices.dropFirst().allSatisfy { !parts[$0 - 1].endsInComment && parts[$0 - 1].endType == parts[$0].guessedType }
    }

    /// The type named by the nearest heading above `line` that names one (a heading that names none leaves the type
    /// as it was), read as the parser reads headings; nil when there is none.
    private static func typeInEffect(_ file: SourceFile, before line: Int) -> QuestionType? {
        var index = line - 1
        while index >= 0 {
            defer { index -= 1 }
            // Most lines start with something other than `#` or white space: passed over without trimming them.
            let start = file.lineStarts[index]
            guard start < file.lineEnds[index] else { continue }
            let first = file.scalar(at: start).0
            guard first == "#" || Lexicon.isSpace(first) else { continue }
            let candidate = file.line(index)
            if !candidate.isBlank, file.bytes[candidate.contentStart] == UInt8(ascii: "#") {
                var probe = ParserState(file: file, lines: 0)
                if probe.heading(candidate), let type = probe.sectionType { return type }
            }
        }
        return nil
    }

    /// The parts' items in order, as one array, moved rather than copied (a copy would retain, and the parts' arrays
    /// then release, every string of every question); the parts are left holding empty placeholders.
    static func moveAll(_ parts: inout [[BankItemSyntax]]) -> [BankItemSyntax] {
        let total = parts.reduce(0) { $0 + $1.count }
        let origin = SourcePosition(line: 0, column: 0)
        let placeholder = BankItemSyntax.comment(TextSyntax(text: "", range: SourceRange(file: "", start: origin, end: origin)))
        return [BankItemSyntax](unsafeUninitializedCapacity: total) { destination, initialized in
            var offset = 0
            for index in parts.indices {
                parts[index].withUnsafeMutableBufferPointer { source in
                    guard let base = source.baseAddress else { return }
                    (destination.baseAddress! + offset).moveInitialize(from: base, count: source.count)
                    base.initialize(repeating: placeholder, count: source.count)
                    offset += source.count
                }
            }
            initialized = total
        }
    }
}

/// The line-by-line state machine behind `BankParser`.
private struct ParserState {
    enum Field { case stem, options, answer, explanation, reference, rubric, material }

    let file: SourceFile
    var diagnostics: [Diagnostic] = []
    var items: [BankItemSyntax] = []
    var sectionType: QuestionType?
    /// True after a heading that names no type: free text below it is a description, not an error.
    var inDescription = false
    var question: QuestionSyntax?
    var part: QuestionSyntax?
    var field: Field = .stem
    var blankLines = 0
    var comment: (start: Line, text: [String])?

    /// `lines`: how many lines will be consumed.
    init(file: SourceFile, lines: Int) {
        self.file = file
        // Enough for a question every four lines: the items are large, and growing the array copies them.
        items.reserveCapacity(lines / 4 + 8)
    }

    /// True when a question (or a case's sub-question) is open to receive lines.
    var hasTarget: Bool { part != nil || question != nil }

    /// Mutates the question receiving lines — the open sub-question of a case, or the question — in place
    /// (copying the whole syntax node for every line would dominate parsing time).
    @discardableResult
    mutating func modifyTarget<R>(_ body: (inout QuestionSyntax) -> R) -> R? {
        if part != nil { return body(&part!) }
        if question != nil { return body(&question!) }
        return nil
    }

    /// The effective type of the question receiving lines.
    var targetType: QuestionType? { (part ?? question)?.effectiveType }

    mutating func consume(_ line: Line) {
        if comment != nil {
            continueComment(line)
            return
        }
        if line.isBlank {
            blankLines += 1
            return
        }
        defer { blankLines = 0 }
        let s = line.contentStart, e = line.contentEnd
        if file.hasPrefix(Array("<!--".utf8), at: s, end: e) {
            comment = (line, [])
            continueComment(line)
            return
        }
        if file.bytes[s] == UInt8(ascii: "#") {
            if heading(line) { return }
        }
        if let (kind, after) = file.fieldMarker(at: s, end: e) {
            startField(kind, line: line, markerEnd: after)
            return
        }
        if let marker = file.numberMarker(at: s, end: e), !isRubricItem(marker), !continuesAsDecimal(marker) {
            if marker.style == .parenthesized, question?.effectiveType == .caseAnalysis {
                startPart(line, marker: marker)
            } else {
                startQuestion(line, marker: marker)
            }
            return
        }
        if hasTarget, let marker = file.optionMarker(at: s, end: e) {
            if field == .stem || field == .options {
                options(line, first: marker)
                return
            }
            if field == .answer {
                diagnostics.append(Diagnostic(.misplacedOption, "选项 \(marker.label) 写在了答案之后",
                    at: file.range(line: line.number, from: marker.start, to: marker.end),
                    notes: [.help("把全部选项移到“答案：”一行之前")]))
                return
            }
        }
        continuation(line)
    }

    /// `3.5万元的…` directly under a stem line continues that text; after a blank line, or with no question
    /// open, `5.2022年…` starts question 5.
    func continuesAsDecimal(_ marker: NumberMarker) -> Bool {
        marker.mayBeDecimal && hasTarget && blankLines == 0
    }

    /// Lines after `评分要点：` numbered `1.` are scoring points, not questions, until a blank line.
    func isRubricItem(_ marker: NumberMarker) -> Bool {
        field == .rubric && blankLines == 0
    }

    // MARK: Headings

    mutating func heading(_ line: Line) -> Bool {
        var p = line.contentStart, level = 0
        while p < line.contentEnd, file.bytes[p] == UInt8(ascii: "#") { p += 1; level += 1 }
        guard level <= 6 else { return false }
        if p < line.contentEnd, !Lexicon.isSpace(file.scalar(at: p).0),
           QuestionType.fromHeading(file.string(p, line.contentEnd)) == nil {
            // `#XF-0001` at line start is not a heading; `##单选题` (no space) is taken as one.
            return false
        }
        closeQuestion()
        let textStart = file.skipSpace(from: p, to: line.contentEnd)
        let text = TextSyntax(text: file.string(textStart, line.contentEnd),
                              range: file.range(line: line.number, from: textStart, to: line.contentEnd))
        let type = QuestionType.fromHeading(text.text)
        if let type {
            sectionType = type
            inDescription = false
        } else {
            inDescription = true
        }
        items.append(.heading(HeadingSyntax(level: level, text: text, questionType: type)))
        return true
    }

    // MARK: Questions

    mutating func startQuestion(_ line: Line, marker: NumberMarker) {
        closeQuestion()
        inDescription = false
        var q = newQuestion(line, marker: marker, type: sectionType)
        if sectionType == nil, q.attributes?.attributes.contains(where: { AttributeKey($0.key.text) == .type }) != true {
            diagnostics.append(Diagnostic(.questionOutsideSection, "第 \(marker.value) 题前面没有题型标题，无法确定题型",
                at: q.numberRange, notes: [.help("在题目前加一行题型标题，例如 ## 一、单项选择题")]))
        }
        q.sectionType = sectionType
        question = q
        field = .stem
    }

    mutating func startPart(_ line: Line, marker: NumberMarker) {
        closePart()
        part = newQuestion(line, marker: marker, type: nil)
        field = .stem
    }

    func newQuestion(_ line: Line, marker: NumberMarker, type: QuestionType?) -> QuestionSyntax {
        let numberRange = file.range(line: line.number, from: line.contentStart, to: marker.end)
        var stemEnd = line.contentEnd
        var attributes: AttributeBlockSyntax?
        var localDiagnostics: [Diagnostic] = []
        if let block = file.trailingBraceBlock(start: marker.end, end: line.contentEnd) {
            attributes = AttributeParser.parse(file, line: line.number, open: block.open, close: block.close,
                                               diagnostics: &localDiagnostics)
            stemEnd = file.trimTrailingSpace(from: marker.end, to: block.open)
        } else if let (open, close) = file.braceBlockWithExtraClosers(start: marker.end, end: line.contentEnd) {
            attributes = AttributeParser.parse(file, line: line.number, open: open, close: close, diagnostics: &localDiagnostics)
            localDiagnostics.append(Diagnostic(.invalidAttribute, "属性块之后多了“\(file.string(close, line.contentEnd))”",
                at: file.range(line: line.number, from: close, to: line.contentEnd),
                notes: [.help("删除多余的右大括号；属性块写成 {#XF-0001 难度=易}")]))
            stemEnd = file.trimTrailingSpace(from: marker.end, to: open)
        } else if let open = file.unterminatedBraceBlock(start: marker.end, end: line.contentEnd) {
            localDiagnostics.append(Diagnostic(.unterminatedAttributeBlock, "属性块没有以 } 结束",
                at: file.range(line: line.number, from: open, to: line.contentEnd),
                notes: [.help("在行末补上 }，例如 {#XF-0001 难度=易}")]))
            // Keep the attributes we can read, so later checks still see the id.
            attributes = AttributeParser.parse(file, line: line.number, open: open, close: line.contentEnd,
                                               diagnostics: &localDiagnostics, unterminated: true)
            stemEnd = file.trimTrailingSpace(from: marker.end, to: open)
        }
        let stemStart = file.skipSpace(from: marker.end, to: stemEnd)
        var stem: [TextSyntax] = []
        if stemStart < stemEnd {
            stem.append(TextSyntax(text: file.string(stemStart, stemEnd), range: file.range(line: line.number, from: stemStart, to: stemEnd)))
        }
        var q = QuestionSyntax(number: marker.value, numberRange: numberRange, sectionType: type, stem: stem,
                               attributes: attributes, range: file.range(line: line.number, from: line.contentStart, to: line.contentEnd))
        q.pendingDiagnostics = localDiagnostics
        return q
    }

    // Closed questions are moved out (`take()`), not copied: a copy retains every string and array in them.
    mutating func closePart() {
        guard var p = part.take() else { return }
        diagnostics += p.pendingDiagnostics
        p.pendingDiagnostics = []
        question?.parts.append(p)
    }

    mutating func closeQuestion() {
        closePart()
        guard var q = question.take() else { return }
        diagnostics += q.pendingDiagnostics
        q.pendingDiagnostics = []
        items.append(.question(q))
        field = .stem
    }

    mutating func finish() {
        if let comment {
            diagnostics.append(Diagnostic(.unterminatedComment, "注释以 <!-- 开始，但到文件末尾也没有 -->",
                at: file.range(line: comment.start.number, from: comment.start.contentStart, to: comment.start.contentStart + 4),
                notes: [.help("在注释末尾加上 -->")]))
            self.comment = nil
        }
        closeQuestion()
    }

    // MARK: Options

    mutating func options(_ line: Line, first: OptionMarker) {
        var parsed: [OptionSyntax] = []
        var marker = first
        while true {
            // The next option on the same line must follow white space and carry the next letter.
            let nextLabel = String(Character(Unicode.Scalar(marker.label.unicodeScalars.first!.value + 1)!))
            var segmentEnd = line.contentEnd
            var next: OptionMarker?
            var p = marker.end
            var previousWasSpace = false
            while p < line.contentEnd {
                let (s, n) = file.scalar(at: p)
                if previousWasSpace, let m = file.optionMarker(at: p, end: line.contentEnd, expected: nextLabel) {
                    next = m
                    segmentEnd = p
                    break
                }
                previousWasSpace = Lexicon.isSpace(s)
                p += n
            }
            parsed.append(option(line, marker: marker, end: segmentEnd))
            guard let n = next else { break }
            marker = n
        }
        modifyTarget { $0.options += parsed }
        field = .options
    }

    func option(_ line: Line, marker: OptionMarker, end: Int) -> OptionSyntax {
        var textEnd = file.trimTrailingSpace(from: marker.end, to: end)
        var pinned = false
        if let block = file.trailingBraceBlock(start: marker.end, end: textEnd) {
            let word = file.string(block.open, block.close).dropFirst().dropLast().description.trimmingSpaces()
            if Lexicon.pinnedWords.contains(word) {
                pinned = true
                textEnd = file.trimTrailingSpace(from: marker.end, to: block.open)
            }
        }
        let textStart = file.skipSpace(from: marker.end, to: textEnd)
        return OptionSyntax(label: marker.label,
                            labelRange: file.range(line: line.number, from: marker.start, to: marker.end),
                            text: TextSyntax(text: file.string(textStart, max(textStart, textEnd)),
                                             range: file.range(line: line.number, from: textStart, to: max(textStart, textEnd))),
                            pinned: pinned)
    }

    // MARK: Fields

    mutating func startField(_ kind: FieldKind, line: Line, markerEnd: Int) {
        let marker = file.range(line: line.number, from: line.contentStart, to: markerEnd)
        if kind == .material, var q = question, q.effectiveType == .caseAnalysis {
            // 材料 belongs to the case question even when a sub-question is open.
            closePart()
            q = question!
            if q.material != nil {
                repeated("材料", at: marker)
                return
            }
            q.material = fieldValue(line, marker: marker, from: markerEnd)
            question = q
            field = .material
            return
        }
        guard hasTarget else {
            diagnostics.append(Diagnostic(.unexpectedLine, "“\(file.string(line.contentStart, markerEnd))”不属于任何题目", at: marker,
                notes: [.help("答案、解析等应写在题目（以题号开头的一行）之后")]))
            return
        }
        let value = fieldValue(line, marker: marker, from: markerEnd)
        // Direct field access (a WritableKeyPath would be applied at run time, for every field line).
        let stored: Bool? = modifyTarget { q in
            switch kind {
            case .answer: if q.answer != nil { return false }; q.answer = value
            case .explanation: if q.explanation != nil { return false }; q.explanation = value
            case .reference: if q.reference != nil { return false }; q.reference = value
            case .rubric: if q.rubric != nil { return false }; q.rubric = value
            case .material: if q.material != nil { return false }; q.material = value
            }
            return true
        }
        guard stored == true else {
            repeated(file.string(line.contentStart, markerEnd), at: marker)
            return
        }
        field = switch kind {
        case .answer: .answer
        case .explanation: .explanation
        case .reference: .reference
        case .rubric: .rubric
        case .material: .material
        }
    }

    func fieldValue(_ line: Line, marker: SourceRange, from start: Int) -> FieldSyntax {
        let s = file.skipSpace(from: start, to: line.contentEnd)
        let text = TextSyntax(text: file.string(s, max(s, line.contentEnd)),
                              range: file.range(line: line.number, from: s, to: max(s, line.contentEnd)))
        return FieldSyntax(marker: marker, value: text, lines: text.text.isEmpty ? [] : [text])
    }

    mutating func repeated(_ name: String, at range: SourceRange) {
        diagnostics.append(Diagnostic(.repeatedField, "这道题已经有“\(name.trimmingCharacters(in: "：:【】"))”了", at: range,
            notes: [.help("把两处内容合并，或检查是否漏写了下一道题的题号")]))
        field = .answer
    }

    // MARK: Continuation lines

    mutating func continuation(_ line: Line) {
        let text = TextSyntax(text: file.string(line.contentStart, line.contentEnd),
                              range: file.range(line: line.number, from: line.contentStart, to: line.contentEnd))
        guard hasTarget else {
            if inDescription || items.isEmpty {
                items.append(.comment(text))
            } else {
                unexpected(text, hint: "如果是说明文字，请写成注释：<!-- 说明 -->")
            }
            return
        }
        let lines = blankLines > 0 ? [TextSyntax(text: "", range: text.range), text] : [text]
        switch field {
        case .stem:
            // A blank line before the first stem text (the number line had none) is no paragraph break.
            modifyTarget { $0.stem += $0.stem.isEmpty ? [text] : lines }
        case .options:
            unexpected(text, hint: optionHint(text.text))
        case .answer:
            let type = targetType
            if type == .shortAnswer || type == .caseAnalysis {
                modifyTarget { Self.append(lines, to: &$0.answer) }
            } else {
                unexpected(text, hint: optionHint(text.text))
            }
        case .explanation: modifyTarget { Self.append(lines, to: &$0.explanation) }
        case .reference: modifyTarget { Self.append(lines, to: &$0.reference) }
        case .rubric: modifyTarget { Self.append(lines, to: &$0.rubric) }
        case .material:
            // Material belongs to the case question itself.
            if part == nil, question != nil {
                Self.append(lines, to: &question!.material)
            } else {
                modifyTarget { Self.append(lines, to: &$0.material) }
            }
        }
    }

    /// Appends continuation lines to a multi-line field, in place.
    static func append(_ lines: [TextSyntax], to field: inout FieldSyntax?) {
        guard field != nil else { return }
        field!.lines += lines
        // Leading blank lines after a marker with no text carry no meaning.
        while field!.lines.first?.text.isEmpty == true { field!.lines.removeFirst() }
        guard let first = field!.lines.first, let last = field!.lines.last else { return }
        field!.value.text = field!.lines.count == 1 ? first.text : field!.value.text + "\n" + lines.map(\.text).joined(separator: "\n")
        if field!.lines.count > 1, field!.value.text.hasPrefix("\n") { field!.value.text.removeFirst() }
        field!.value.range = SourceRange(file: first.range.file, start: first.range.start, end: last.range.end)
    }

    func optionHint(_ text: String) -> String {
        if text.hasPrefix("答") || text.hasPrefix("解") || text.contains("答案") {
            return "答案行应以“答案：”开头，解析行应以“解析：”开头（冒号可以是全角或半角）"
        }
        return "选项应以字母加标点开头，例如 A. 或 A、；如果是选项内容的续行，请与上一行合并"
    }

    mutating func unexpected(_ text: TextSyntax, hint: String) {
        let shown = text.text.count > 20 ? String(text.text.prefix(20)) + "…" : text.text
        diagnostics.append(Diagnostic(.unexpectedLine, "无法识别这一行：“\(shown)”", at: text.range, notes: [.help(hint)]))
    }

    // MARK: Comments

    mutating func continueComment(_ line: Line) {
        guard var c = comment else { return }
        let text = file.string(line.start, line.end)
        c.text.append(text)
        comment = c
        guard text.contains("-->") else { return }
        let start = c.start
        let range = SourceRange(file: file.path, start: SourcePosition(line: start.number, column: 1),
                                end: SourcePosition(line: line.number, column: file.column(ofByte: line.end, inLine: line.number)))
        let syntax = TextSyntax(text: c.text.joined(separator: "\n"), range: range)
        comment = nil
        if hasTarget {
            modifyTarget { $0.comments.append(syntax) }
        } else {
            items.append(.comment(syntax))
        }
        if let after = text.range(of: "-->"), !String(text[after.upperBound...]).trimmingSpaces().isEmpty {
            let column = text[..<after.upperBound].unicodeScalars.count + 1
            diagnostics.append(Diagnostic(.unexpectedLine, "注释结束标记 --> 之后还有内容",
                at: SourceRange(file: file.path, start: SourcePosition(line: line.number, column: column),
                                end: SourcePosition(line: line.number, column: text.unicodeScalars.count + 1)),
                notes: [.help("把 --> 之后的内容移到下一行")]))
        }
    }
}

extension QuestionSyntax {
    /// The type the question has for parsing purposes: its `题型=` attribute, else its section's type.
    var effectiveType: QuestionType? {
        if let attribute = attributes?.attributes.first(where: { AttributeKey($0.key.text) == .type }),
           let type = QuestionType.named(attribute.value.text) {
            return type
        }
        return sectionType
    }
}
