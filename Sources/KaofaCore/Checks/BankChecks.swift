import Dispatch

/// Checks that look across all questions of a bank: duplicate ids, duplicate and near-duplicate questions,
/// and numbering within each file.
enum BankChecks {
    /// The checks across files. (Numbering is checked per file, while each file is compiled.)
    static func run(_ questions: [Question], signatures: DuplicateDetector.SignatureGroups? = nil,
                    diagnostics: inout [Diagnostic]) {
        // The id check runs beside the duplicate search (which spreads its own work over the cores).
        let ids = ResultSlot<[Diagnostic]>()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            var found: [Diagnostic] = []
            duplicateIDs(questions, diagnostics: &found)
            ids.value = found
        }
        var duplicates: [Diagnostic] = []
        duplicateQuestions(questions, signatures: signatures, diagnostics: &duplicates)
        group.wait()
        diagnostics += (ids.value ?? []) + duplicates
    }

    /// What the duplicate checks compare of a question: its stem with any material and sub-questions, and its
    /// options.
    static func duplicateEntry(_ question: Question) -> DuplicateDetector.Entry {
        DuplicateDetector.Entry(stem: duplicateStem(question).joined(separator: "\n"), options: question.options.map(\.text))
    }

    /// The texts compared as a question's stem, in order.
    static func duplicateStem(_ question: Question) -> [String] {
        guard question.type == .caseAnalysis else { return [question.stem] }
        var parts = [question.stem]
        if let material = question.material { parts.append(material) }
        for part in question.parts {
            parts.append(part.stem)
            parts += part.options.map(\.text)
        }
        return parts
    }

    /// The duplicate checks' signatures of consecutive questions (computed per file, while its text is in cache).
    /// (The questions are read in place: copying each would retain and release its every string and array.)
    static func duplicateSignatures(_ questions: UnsafeBufferPointer<Question>) -> DuplicateDetector.Signatures {
        var builder = DuplicateDetector.SignatureBuilder(expectedCount: questions.count)
        for index in questions.indices {
            let options = questions[index].options.lazy.map(\.text)
            if questions[index].type == .caseAnalysis {
                builder.append(stem: duplicateStem(questions[index]), options: options)
            } else {
                builder.append(stem: CollectionOfOne(questions[index].stem), options: options)
            }
        }
        return builder.signatures
    }

    static func duplicateIDs(_ questions: [Question], diagnostics: inout [Diagnostic]) {
        // The first use of each id, in an open-addressing table hashed on the id's bytes (FNV-1a).
        var ids: [String] = [], ranges: [SourceRange] = []
        ids.reserveCapacity(questions.count)
        ranges.reserveCapacity(questions.count)
        var size = 16
        while size < questions.count * 2 { size <<= 1 }
        let mask = size - 1
        var slots = [Int32](repeating: -1, count: size)
        func visit(_ id: String?, _ range: SourceRange?) {
            guard let id, let range else { return }
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
            var slot = Int(truncatingIfNeeded: hash ^ hash >> 32) & mask
            while slots[slot] >= 0 {
                let entry = Int(slots[slot])
                if ids[entry].hasSameUTF8(as: id) {
                    diagnostics.append(Diagnostic(.duplicateID, "题目编号“\(id)”重复", at: range,
                        notes: [.note("“\(id)”第一次用在这里", at: ranges[entry]),
                                .help("每道题的编号在整个题库中必须唯一；删除这里的编号后运行 kaofa fmt --assign-ids 可分配新编号")]))
                    return
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Int32(ids.count)
            ids.append(id)
            ranges.append(range)
        }
        // The questions are read in place (a copy of each would retain and release its every string and array).
        questions.withUnsafeBufferPointer { questions in
            for index in questions.indices {
                visit(questions[index].id, questions[index].source.idRange)
                // A derived sub-question id (`C-1-1`) is pointed at through its case's id.
                for part in questions[index].parts {
                    visit(part.id, part.source.idRange ?? questions[index].source.idRange)
                }
            }
        }
    }

    static func duplicateQuestions(_ questions: [Question], signatures: DuplicateDetector.SignatureGroups?,
                                   diagnostics: inout [Diagnostic]) {
        let signatures = signatures
            ?? DuplicateDetector.SignatureGroups([questions.withUnsafeBufferPointer(duplicateSignatures)])
        var reported = Set<Int>()
        for match in DuplicateDetector.find(signatures, entry: { duplicateEntry(questions[$0]) }) {
            // Each question is reported once, against the earliest question it repeats.
            guard !reported.contains(match.second) else { continue }
            let earlier = questions[match.first], later = questions[match.second]
            // Questions marked as one 互斥 group never share a paper, so their similarity is intended.
            if !match.exact, !Set(earlier.enemyGroups).isDisjoint(with: later.enemyGroups) { continue }
            reported.insert(match.second)
            let name = earlier.id.map { "“\($0)”" } ?? "第 \(earlier.number) 题"
            if match.exact {
                diagnostics.append(Diagnostic(.duplicateQuestion, "这道题与\(name)完全相同（忽略标点、空格和全半角）",
                    at: later.source.stemRange ?? later.source.numberRange,
                    notes: [.note("\(name)在这里", at: earlier.source.stemRange ?? earlier.source.numberRange),
                            .help("删除其中一道；如果两道题考查不同内容，请修改题干或选项")]))
            } else {
                let percent = Int((match.similarity * 100).rounded(.down))
                diagnostics.append(Diagnostic(.nearDuplicateQuestion, "这道题与\(name)高度相似（相似度 \(percent)%）",
                    at: later.source.stemRange ?? later.source.numberRange,
                    notes: [.note("\(name)在这里", at: earlier.source.stemRange ?? earlier.source.numberRange),
                            .help("如果两道题考查同一知识点，删除其一，或用“互斥=组名”标明它们不能同卷出现")]))
            }
        }
    }

    /// What the numbering check needs of an item of a file: a type heading, or a question's number (and the first
    /// of its sub-questions whose number is not its place), with where they are written.
    enum NumberingItem: Sendable {
        case typedSection
        case question(NumberedLine, misnumberedPart: (place: Int, line: NumberedLine)?)

        struct NumberedLine: Sendable {
            var number: Int
            var range: SourceRange
        }

        /// Nil for items the check passes over (headings that name no type, comments).
        init?(_ item: BankItemSyntax) {
            switch item {
            case let .heading(heading):
                guard heading.questionType != nil else { return nil }
                self = .typedSection
            case let .question(question):
                let part = question.parts.indices.first { question.parts[$0].number != $0 + 1 }
                self = .question(NumberedLine(number: question.number, range: question.numberRange),
                                 misnumberedPart: part.map { ($0, NumberedLine(number: question.parts[$0].number, range: question.parts[$0].numberRange)) })
            case .comment:
                return nil
            }
        }

        /// The items of a file's syntax, read in place (iterating them would copy every question out of the list).
        static func of(_ items: [BankItemSyntax]) -> [NumberingItem] {
            items.indices.compactMap { NumberingItem(items[$0]) }
        }
    }

    /// Numbers in a section run 1, 2, 3 … or continue from the previous section.
    static func numbering(_ file: BankFileSyntax, diagnostics: inout [Diagnostic]) {
        numbering(NumberingItem.of(file.items), diagnostics: &diagnostics)
    }

    /// The same for the items of a file, in order.
    static func numbering(_ items: [NumberingItem], diagnostics: inout [Diagnostic]) {
        var expectedRestart = 1
        var expectedContinue = 1
        var sectionFirst = true
        var lastNumber = 0
        var reportedInSection = false
        for item in items {
            guard case let .question(line, misnumberedPart) = item else {
                sectionFirst = true
                reportedInSection = false
                expectedContinue = lastNumber + 1
                continue
            }
            let number = line.number
            defer { lastNumber = number }
            if let (place, part) = misnumberedPart {
                report(part, expected: place + 1, diagnostics: &diagnostics)
            }
            if sectionFirst {
                sectionFirst = false
                expectedRestart = 1
                if number == 1 || number == expectedContinue {
                    expectedRestart = number + 1
                    continue
                }
                if !reportedInSection {
                    report(line, expected: 1, diagnostics: &diagnostics)
                    reportedInSection = true
                }
                expectedRestart = number + 1
                continue
            }
            if number != expectedRestart, !reportedInSection {
                report(line, expected: expectedRestart, diagnostics: &diagnostics)
                reportedInSection = true
            }
            expectedRestart = number + 1
        }
    }

    private static func report(_ line: NumberingItem.NumberedLine, expected: Int, diagnostics: inout [Diagnostic]) {
        diagnostics.append(Diagnostic(.brokenNumbering, "题号不连续：这里应是 \(expected)，写的是 \(line.number)",
            at: line.range, notes: [.help("运行 kaofa fmt 自动重新编号")]))
    }
}

/// A value handed from one thread to another across a `DispatchGroup.wait()`.
final class ResultSlot<Value>: @unchecked Sendable {
    var value: Value?
}
