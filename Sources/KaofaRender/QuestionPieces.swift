import KaofaCore

/// Pre-serialised compact JSON of every question a plan can use: writing a compact paper or key then copies bytes
/// instead of escaping text again for every examinee. The result is byte for byte what the plain writers produce
/// with `pretty: false` (a test checks this); pretty output and case questions always take the plain path.
public struct QuestionPieces: Sendable {
    struct Piece: Sendable {
        /// Paper item: `,"id":…,"type":…,"stem":…[,"blanks":n],"options":[` after `{"number":N`.
        var paperHead: [UInt8]
        /// Per bank option: `"text":"…"}`.
        var optionTexts: [[UInt8]]
        /// Paper item: `,"law":…,"lawName":…,"difficulty":…}` after the points.
        var paperTail: [UInt8]
        /// Key item: `,"id":…,"type":…,"answer":` after `{"number":N`.
        var keyHead: [UInt8]
        /// Key item: the answer when it does not depend on the option order, then acceptable/rubric members.
        var fixedAnswer: [UInt8]?
        var keyMiddle: [UInt8]
        /// Key item: `,"explanation":…,"citation":…}` after the scoring.
        var keyTail: [UInt8]
    }

    /// Where a question's pieces lie in `arena`. Only ranges, so reading an entry retains nothing.
    struct Entry: Sendable {
        var paperHead, paperTail, keyHead, keyMiddle, keyTail: Range<Int>
        var fixedAnswer: Range<Int>?
        /// The options' `"text":…}` ranges are `optionRanges[optionStart..<optionStart + optionCount]`.
        var optionStart: Int
        var optionCount: Int
        /// Bit i set when bank option i is a correct answer.
        var correctOptions: UInt64
    }

    /// Every piece of every question, back to back.
    let arena: [UInt8]
    /// Per plan question; `hasEntry` says which are real (case questions take the plain path).
    let entries: [Entry]
    let hasEntry: [Bool]
    let optionRanges: [Range<Int>]
    /// Per blueprint section: its heading as a JSON string, and what the heading depends on (a paper's section with
    /// other values gets its heading written afresh).
    private let headings: [[UInt8]]
    private let headingSections: [(title: String, count: Int, pointsEach: Points)]

    public init(plan: AssemblyPlan, catalog: LawCatalog) {
        let pieces = Self.pieces(plan: plan, catalog: catalog)
        var arena: [UInt8] = []
        var optionRanges: [Range<Int>] = []
        func store(_ bytes: [UInt8]) -> Range<Int> {
            arena += bytes
            return (arena.count - bytes.count)..<arena.count
        }
        let empty = Entry(paperHead: 0..<0, paperTail: 0..<0, keyHead: 0..<0, keyMiddle: 0..<0, keyTail: 0..<0, fixedAnswer: nil,
                          optionStart: 0, optionCount: 0, correctOptions: 0)
        entries = zip(pieces, plan.questions).map { piece, question -> Entry in
            guard let piece else { return empty }
            let optionStart = optionRanges.count
            for text in piece.optionTexts { optionRanges.append(store(text)) }
            var correct: UInt64 = 0
            if case let .choice(labels) = question.answer {
                for (index, option) in question.options.enumerated() where index < 64 && labels.contains(option.label) {
                    correct |= 1 << UInt64(index)
                }
            }
            return Entry(paperHead: store(piece.paperHead), paperTail: store(piece.paperTail), keyHead: store(piece.keyHead),
                         keyMiddle: store(piece.keyMiddle), keyTail: store(piece.keyTail), fixedAnswer: piece.fixedAnswer.map(store),
                         optionStart: optionStart, optionCount: piece.optionTexts.count, correctOptions: correct)
        }
        hasEntry = pieces.map { $0 != nil }
        headingSections = plan.blueprint.sections.map { (title: $0.title, count: $0.count, pointsEach: $0.pointsEach) }
        headings = headingSections.enumerated().map { index, section in
            var w = JSONWriter(pretty: false)
            w.string(PaperText.heading(title: section.title, count: section.count, pointsEach: section.pointsEach, index: index))
            return w.bytes
        }
        self.arena = arena
        self.optionRanges = optionRanges
    }

    private static func pieces(plan: AssemblyPlan, catalog: LawCatalog) -> [Piece?] {
        var w = JSONWriter(pretty: false)
        func bytes(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
            w.reset()
            body(&w)
            return w.bytes
        }
        /// The members written into an object, without its braces: `,"a":1,"b":2`.
        func members(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
            let object = bytes { w in
                w.beginObject()
                body(&w)
                w.endObject()
            }
            return object.count > 2 ? [UInt8(ascii: ",")] + object.dropFirst().dropLast() : []
        }
        return plan.questions.map { question -> Piece? in
            guard question.type != .caseAnalysis else { return nil }
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
            let paperTail = members { w in
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
            let keyMiddle = members { w in KeyJSON.writeAnswerDetails(question, into: &w) }
            let keyTail = members { w in
                w.key("explanation"); w.string(question.explanation)
                w.key("citation"); w.string(PaperText.citation(question, catalog: catalog))
            } + [UInt8(ascii: "}")]
            return Piece(paperHead: paperHead, optionTexts: optionTexts, paperTail: paperTail, keyHead: keyHead,
                         fixedAnswer: fixedAnswer, keyMiddle: keyMiddle, keyTail: keyTail)
        }
    }

    /// The heading of a paper's section as a JSON string (what `JSONWriter.string` writes), or nil when the section
    /// differs from the blueprint's.
    func heading(_ section: PaperSection, index: Int) -> [UInt8]? {
        guard index < headingSections.count else { return nil }
        let expected = headingSections[index]
        guard expected.count == section.items.count, expected.pointsEach == section.pointsEach, expected.title == section.title
        else { return nil }
        return headings[index]
    }

    /// Whether the item can be written from pieces.
    func covers(_ item: PaperItem) -> Bool {
        guard let index = item.questionIndex, index < hasEntry.count else { return false }
        return hasEntry[index]
    }

    private static let labelMembers = PaperAssembler.labels.map { Array(#"{"label":""#.utf8) + Array($0.utf8) + Array(#"","#.utf8) }

    /// Appends the compact paper item (`covers(item)` must hold).
    func writePaperItem(_ item: PaperItem, into out: inout [UInt8]) {
        let entry = entries[item.questionIndex!]
        arena.withUnsafeBufferPointer { arena in
            func piece(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: arena[range]) }
            out += #"{"number":"#.utf8
            Self.appendDecimal(item.number, to: &out)
            out.append(contentsOf: piece(entry.paperHead))
            for (position, source) in item.optionOrder.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                Self.labelMembers[position].withUnsafeBufferPointer { out.append(contentsOf: $0) }
                out.append(contentsOf: piece(optionRanges[entry.optionStart + source]))
            }
            out += #"],"points":"#.utf8
            Self.appendPoints(item.points, to: &out)
            out.append(contentsOf: piece(entry.paperTail))
        }
    }

    /// Appends the compact key item (`covers(item)` must hold).
    func writeKeyItem(_ item: PaperItem, scoring: String?, into out: inout [UInt8]) {
        let entry = entries[item.questionIndex!]
        arena.withUnsafeBufferPointer { arena in
            func piece(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: arena[range]) }
            out += #"{"number":"#.utf8
            Self.appendDecimal(item.number, to: &out)
            out.append(contentsOf: piece(entry.keyHead))
            if let fixed = entry.fixedAnswer {
                out.append(contentsOf: piece(fixed))
            } else {
                out.append(UInt8(ascii: "["))
                var first = true
                for (position, source) in item.optionOrder.enumerated() where entry.correctOptions >> UInt64(source) & 1 == 1 {
                    if !first { out.append(UInt8(ascii: ",")) }
                    first = false
                    out.append(UInt8(ascii: "\""))
                    out.append(UInt8(ascii: "A") + UInt8(position))
                    out.append(UInt8(ascii: "\""))
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(contentsOf: piece(entry.keyMiddle))
            out += #","points":"#.utf8
            Self.appendPoints(item.points, to: &out)
            out += #","scoring":"#.utf8
            if let scoring {
                out.append(UInt8(ascii: "\""))
                out += scoring.utf8
                out.append(UInt8(ascii: "\""))
            } else {
                out += "null".utf8
            }
            out.append(contentsOf: piece(entry.keyTail))
        }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// Points as JSON: `2`, `1.5`, `0.25`, or null.
    static func appendPoints(_ points: Points?, to out: inout [UInt8]) {
        guard let points else { return out += "null".utf8 }
        appendDecimal(points.hundredths / 100, to: &out)
        let fraction = points.hundredths % 100
        guard fraction != 0 else { return }
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }
}
