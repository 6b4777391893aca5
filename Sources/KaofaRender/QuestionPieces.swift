import KaofaCore

/// Pre-serialised compact JSON of every question a plan can use: writing a compact paper or key of a drawn paper
/// then copies bytes instead of escaping text again for every examinee. The result is byte for byte what the plain
/// writers produce with `pretty: false` for the same paper (a test checks this); pretty output and papers with case
/// questions always take the plain path.
public struct QuestionPieces: Sendable {
    struct Piece: Sendable {
        /// Paper item: `,"id":…,"type":…,"stem":…[,"blanks":n],"options":[` after `{"number":N`.
        var paperHead: [UInt8]
        /// Per bank option: `"text":"…"}`.
        var optionTexts: [[UInt8]]
        /// Paper item: `],"points":…,"law":…,"lawName":…,"difficulty":…}` after the options.
        var paperTail: [UInt8]
        /// Key item: `,"id":…,"type":…,"answer":` after `{"number":N`.
        var keyHead: [UInt8]
        /// Key item: the answer when it does not depend on the option order.
        var fixedAnswer: [UInt8]?
        /// Key item: acceptable/rubric members, `,"points":…,"scoring":…,"explanation":…,"citation":…}` after the
        /// answer.
        var keyTail: [UInt8]
    }

    /// Where a question's pieces lie in `arena`. Only ranges, so reading an entry retains nothing.
    struct Entry: Sendable {
        var paperHead, paperTail, keyHead, keyTail: Range<Int>
        var fixedAnswer: Range<Int>?
        /// The options' `"text":…}` ranges are `optionRanges[optionStart..<optionStart + optionCount]`.
        var optionStart: Int
        var optionCount: Int
        /// Bit i set when bank option i is a correct answer.
        var correctOptions: UInt64
        /// The blueprint section the pieces were made for (their points and scoring are that section's).
        var section: Int
        /// The most bytes the paper item and the key item can take, with the widest number.
        var paperBound: Int, keyBound: Int
    }

    /// Every piece of every question, back to back.
    let arena: [UInt8]
    /// Per plan question; `hasEntry` says which are real (case questions take the plain path).
    let entries: [Entry]
    let hasEntry: [Bool]
    let optionRanges: [Range<Int>]
    /// Per printed position: `{"label":"A","`, with a leading comma after the first.
    let labelRanges: [Range<Int>]
    /// `{"number":`, which opens every item.
    let numberRange: Range<Int>
    /// Per blueprint section: its heading as a JSON string, and the item count it was written for.
    private let headings: [(count: Int, bytes: [UInt8])]
    /// The assembler whose papers these pieces write, and the members their heads share.
    public let assembler: PaperAssembler
    let heads: SharedHeads

    public init(assembler: PaperAssembler, catalog: LawCatalog) {
        self.assembler = assembler
        heads = SharedHeads(assembler.frame(id: "", subject: .examinee("")))
        let plan = assembler.plan
        let pieces = Self.pieces(plan: plan, catalog: catalog)
        var arena: [UInt8] = []
        var optionRanges: [Range<Int>] = []
        func store(_ bytes: [UInt8]) -> Range<Int> {
            arena += bytes
            return (arena.count - bytes.count)..<arena.count
        }
        labelRanges = PaperAssembler.labels.indices.map { position in
            store((position > 0 ? [UInt8(ascii: ",")] : []) + Array(#"{"label":""#.utf8) + Array(PaperAssembler.labels[position].utf8)
                  + Array(#"","#.utf8))
        }
        numberRange = store(Array(#"{"number":"#.utf8))
        let labelRanges = labelRanges, widestNumber = numberRange.count + 20
        let empty = Entry(paperHead: 0..<0, paperTail: 0..<0, keyHead: 0..<0, keyTail: 0..<0, fixedAnswer: nil,
                          optionStart: 0, optionCount: 0, correctOptions: 0, section: -1, paperBound: 0, keyBound: 0)
        entries = zip(pieces, plan.questions).map { piece, question -> Entry in
            guard let (section, piece) = piece else { return empty }
            let optionStart = optionRanges.count
            for text in piece.optionTexts { optionRanges.append(store(text)) }
            var correct: UInt64 = 0
            if case let .choice(labels) = question.answer {
                for (index, option) in question.options.enumerated() where labels.contains(option.label) {
                    correct |= 1 << UInt64(index)
                }
            }
            let options = piece.optionTexts.count
            let paperBound = widestNumber + piece.paperHead.count + piece.paperTail.count
                + piece.optionTexts.reduce(0) { $0 + $1.count } + labelRanges.prefix(options).reduce(0) { $0 + $1.count }
            // A choice answer: `["A","B",…]` at most.
            let keyBound = widestNumber + piece.keyHead.count + (piece.fixedAnswer?.count ?? 2 + 4 * options) + piece.keyTail.count
            return Entry(paperHead: store(piece.paperHead), paperTail: store(piece.paperTail), keyHead: store(piece.keyHead),
                         keyTail: store(piece.keyTail), fixedAnswer: piece.fixedAnswer.map(store),
                         optionStart: optionStart, optionCount: options, correctOptions: correct, section: section,
                         paperBound: paperBound, keyBound: keyBound)
        }
        hasEntry = pieces.map { $0 != nil }
        headings = plan.blueprint.sections.enumerated().map { index, section in
            var w = JSONWriter(pretty: false)
            w.string(PaperText.heading(title: section.title, count: section.count, pointsEach: section.pointsEach, index: index))
            return (section.count, w.bytes)
        }
        self.arena = arena
        self.optionRanges = optionRanges
    }

    /// Per plan question: the section it goes to and its pieces, or nil for the plain path (case questions, more
    /// options than there are labels).
    private static func pieces(plan: AssemblyPlan, catalog: LawCatalog) -> [(section: Int, piece: Piece)?] {
        var w = JSONWriter(pretty: false)
        func bytes(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
            w.reset()
            body(&w)
            return w.bytes
        }
        let members = JSONWriter.compactMembers
        return plan.questions.map { question -> (section: Int, piece: Piece)? in
            guard question.type != .caseAnalysis, question.options.count <= PaperAssembler.labels.count,
                  let sectionIndex = plan.sectionIndex(of: question.type) else { return nil }
            let section = plan.blueprint.sections[sectionIndex]
            var paperHead = members { w in
                w.key("id"); w.string(question.id)
                w.key("type"); w.string(question.type.rawValue)
                w.key("stem"); w.string(question.stem)
                if question.type == .fillBlank { w.key("blanks"); w.int(Question.blankCount(in: question.stem)) }
            }
            paperHead += Array(#","options":["#.utf8)
            let optionTexts = question.options.map { option in
                Array(#""text":"#.utf8) + bytes { $0.string(option.text) } + [UInt8(ascii: "}")]
            }
            let paperTail = [UInt8(ascii: "]")] + members { w in
                w.key("points"); w.points(section.pointsEach)
                w.key("law"); w.string(question.law)
                w.key("lawName"); w.string(question.law.flatMap { catalog.law(id: $0)?.name })
                w.key("difficulty"); w.string(question.difficulty?.englishName)
            } + [UInt8(ascii: "}")]
            let keyHead = members { w in
                w.key("id"); w.string(question.id)
                w.key("type"); w.string(question.type.rawValue)
            } + Array(#","answer":"#.utf8)
            var fixedAnswer: [UInt8]?
            if case .choice = question.answer {} else {
                fixedAnswer = bytes { $0.strings(PaperItem.keyAnswer(of: question)) }
            }
            let keyTail = members { w in
                KeyJSON.writeAnswerDetails(question, into: &w)
                w.key("points"); w.points(section.pointsEach)
                w.key("scoring"); w.string(KeyJSON.scoring(question.type, rule: section.scoring))
                w.key("explanation"); w.string(question.explanation)
                w.key("citation"); w.string(PaperText.citation(question, catalog: catalog))
            } + [UInt8(ascii: "}")]
            return (sectionIndex, Piece(paperHead: paperHead, optionTexts: optionTexts, paperTail: paperTail, keyHead: keyHead,
                                        fixedAnswer: fixedAnswer, keyTail: keyTail))
        }
    }

    /// The heading of section `index` of a drawn paper as a JSON string (what `JSONWriter.string` writes), or nil
    /// when the section's item count differs from the blueprint's.
    func heading(ofSection index: Int, itemCount: Int) -> [UInt8]? {
        guard index < headings.count, headings[index].count == itemCount else { return nil }
        return headings[index].bytes
    }

    /// Whether every item of the drawn paper can be written from pieces: each has pieces, made for the section the
    /// item is in (the pieces hold that section's points and scoring).
    public func covers(_ drawn: DrawnPaper) -> Bool {
        drawn.sectionEnds.indices.allSatisfy { section in
            drawn.items(ofSection: section).allSatisfy { item in
                let question = drawn.questions[item]
                return question < hasEntry.count && hasEntry[question] && entries[question].section == section
            }
        }
    }

    /// Appends the compact paper items `items` of a drawn paper, separated by commas, numbered from `firstNumber`
    /// (`covers(drawn)` must hold).
    func writePaperItems(_ drawn: DrawnPaper, items: Range<Int>, firstNumber: Int, into out: inout [UInt8]) {
        write(items, into: &out, bound: { entries[drawn.questions[$0]].paperBound }) { item, arena, cursor in
            let entry = entries[drawn.questions[item]]
            cursor.append(arena[numberRange])
            cursor.appendDecimal(firstNumber + item - items.lowerBound)
            cursor.append(arena[entry.paperHead])
            for (position, source) in drawn.optionOrder(ofItem: item).enumerated() {
                cursor.append(arena[labelRanges[position]])
                cursor.append(arena[optionRanges[entry.optionStart + source]])
            }
            cursor.append(arena[entry.paperTail])
        }
    }

    /// Appends the compact key items of a whole drawn paper, separated by commas (`covers(drawn)` must hold).
    func writeKeyItems(_ drawn: DrawnPaper, into out: inout [UInt8]) {
        write(drawn.questions.indices, into: &out, bound: { entries[drawn.questions[$0]].keyBound }) { item, arena, cursor in
            let entry = entries[drawn.questions[item]]
            cursor.append(arena[numberRange])
            cursor.appendDecimal(item + 1)
            cursor.append(arena[entry.keyHead])
            if let fixed = entry.fixedAnswer {
                cursor.append(arena[fixed])
            } else {
                // The printed labels of the correct options, in printed order.
                cursor.append(UInt8(ascii: "["))
                var first = true
                for (position, source) in drawn.optionOrder(ofItem: item).enumerated()
                where entry.correctOptions >> UInt64(source) & 1 == 1 {
                    if !first { cursor.append(UInt8(ascii: ",")) }
                    first = false
                    cursor.append(UInt8(ascii: "\""))
                    cursor.append(UInt8(ascii: "A") + UInt8(position))
                    cursor.append(UInt8(ascii: "\""))
                }
                cursor.append(UInt8(ascii: "]"))
            }
            cursor.append(arena[entry.keyTail])
        }
    }

    /// Makes room for the items at the end of `out` (their bounds and a comma each), writes them comma-separated with
    /// `body` through a cursor, and gives back the room left over: one growth of the buffer per call instead of a
    /// checked append for every piece.
    private func write(_ items: Range<Int>, into out: inout [UInt8], bound: (Int) -> Int,
                       _ body: (Int, UnsafeBufferPointer<UInt8>, inout ByteCursor) -> Void) {
        var room = 0
        for item in items { room += bound(item) + 1 }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: room))
        let end = out.withUnsafeMutableBufferPointer { buffer in
            arena.withUnsafeBufferPointer { arena in
                var cursor = ByteCursor(buffer, position: start)
                for item in items {
                    if item != items.lowerBound { cursor.append(UInt8(ascii: ",")) }
                    body(item, arena, &cursor)
                }
                return cursor.position
            }
        }
        out.removeLast(out.count - end)
    }

    /// Points as JSON: `2`, `1.5`, `0.25`, or null.
    static func appendPoints(_ points: Points?, to out: inout [UInt8]) {
        guard let points else { return out += "null".utf8 }
        JSONWriter.appendDecimal(points.hundredths / 100, to: &out)
        let fraction = points.hundredths % 100
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }
}

/// Copies bytes into room made beforehand in a buffer. Each copy checks the room left, so a wrong bound stops the
/// program instead of writing past the buffer.
struct ByteCursor {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var position: Int

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>, position: Int) {
        self.buffer = buffer
        self.position = position
    }

    @inline(__always)
    mutating func append(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
        let count = bytes.count
        precondition(count <= buffer.count - position, "ByteCursor: no room left")
        guard count > 0, let source = bytes.base.baseAddress, let target = buffer.baseAddress else { return }
        (target + position).update(from: source + bytes.startIndex, count: count)
        position += count
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        precondition(position < buffer.count, "ByteCursor: no room left")
        buffer[position] = byte
        position += 1
    }

    /// A non-negative integer in decimal.
    mutating func appendDecimal(_ value: Int) {
        precondition(value >= 0)
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
