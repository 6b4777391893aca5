/// Turning a drawn paper into a ``Paper``: its items, sharing the plan's questions.
extension PaperAssembler {
    /// The full paper of a draw. A per-examinee paper without an `examinee` gets one with the subject's id.
    public func paper(_ drawn: DrawnPaper, examinee: Examinee? = nil) -> Paper {
        var paper = frame(of: drawn, examinee: examinee)
        var number = 0
        paper.sections = plan.blueprint.sections.enumerated().map { index, section in
            let items = drawn.items(ofSection: index).map { item -> PaperItem in
                number += 1
                let question = drawn.questions[item]
                var parts: [PaperItem] = []
                if optionLayouts[question].hasParts {
                    parts = plan.questions[question].parts.enumerated().map { offset, part in
                        self.part(part, number: offset + 1, optionsKey: drawn.key.optionsKey)
                    }
                }
                return PaperItem(number: number, question: plan.sharedQuestions[question], questionIndex: question,
                                 points: section.pointsEach, optionOrder: Array(drawn.optionOrder(ofItem: item)), parts: parts)
            }
            return PaperSection(title: section.title, type: section.type, pointsEach: section.pointsEach, scoring: section.scoring,
                                items: items)
        }
        return paper
    }

    /// The paper of a draw without its sections: everything around the items (id, blueprint, examinee, provenance).
    public func frame(of drawn: DrawnPaper, examinee: Examinee? = nil) -> Paper {
        frame(id: drawn.id, subject: drawn.subject, examinee: examinee)
    }

    /// A paper of this assembler without its sections, for the paper `id` drawn for `subject`.
    public func frame(id: String, subject: Randomness.Subject, examinee: Examinee? = nil) -> Paper {
        let blueprint = plan.blueprint
        var person = examinee
        if case let .examinee(id) = subject, person == nil { person = Examinee(id: id) }
        let provenance = Provenance(bankDigest: bankDigest, blueprintDigest: blueprintDigest, seed: seed, subject: subject,
                                    generator: Randomness.generator, kaofaVersion: KaofaVersion.current)
        return Paper(id: id, blueprintID: blueprint.id, title: blueprint.title, audience: blueprint.audience,
                     durationMinutes: blueprint.durationMinutes, totalPoints: blueprint.totalPoints,
                     passPoints: blueprint.passPoints, excellentPoints: blueprint.excellentPoints,
                     examinee: person, provenance: provenance, sections: [])
    }

    /// A part of a case question (and its own parts): options shuffled with the part id's hash.
    private func part(_ question: Question, number: Int, optionsKey: UInt64) -> PaperItem {
        let layout = OptionLayout(question, shuffleOptions: plan.blueprint.shuffleOptions)
        var order: [Int] = []
        layout.appendOrder(optionsKey: optionsKey, idHash: Randomness.idHash(question.id ?? ""), to: &order)
        let parts = question.parts.enumerated().map { offset, part in self.part(part, number: offset + 1, optionsKey: optionsKey) }
        return PaperItem(number: number, question: SharedQuestion(question), questionIndex: nil,
                         points: question.points.flatMap(Points.init), optionOrder: order, parts: parts)
    }

    /// Printed option labels by position.
    public static let labels = (0..<26).map { String(UnicodeScalar(UInt8(ascii: "A") + UInt8($0))) }
}

/// How a question's options are put in printed order on every paper: kept, shuffled, or shuffled around pinned
/// options. Worked out once per plan question rather than for every examinee.
struct OptionLayout: Sendable {
    var count: Int
    /// The blueprint shuffles options, the question is a choice question and has two or more.
    var shuffled: Bool
    /// With pinned options: the positions of the unpinned ones, which are shuffled among themselves.
    var movable: [Int]?
    var hasParts: Bool

    init(_ question: Question, shuffleOptions: Bool) {
        count = question.options.count
        shuffled = shuffleOptions && question.type.isChoice && count > 1
        movable = question.options.contains(where: \.pinned) ? question.options.indices.filter { !question.options[$0].pinned } : nil
        hasParts = !question.parts.isEmpty
    }

    /// Appends the printed order of the question's options (for each position, the bank option's index), shuffled
    /// with the options stream seeded by `mix(optionsKey ^ idHash)`.
    func appendOrder(optionsKey: UInt64, idHash: UInt64, to orders: inout [Int]) {
        // Built in a buffer on the stack, then appended: shuffling inside the array would check its uniqueness at
        // every swap.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { buffer in
            var order = buffer
            for position in order.indices { order[position] = position }
            if shuffled {
                var generator = SplitMix64(seed: Randomness.mix(optionsKey ^ idHash))
                if let slots = movable {
                    // Shuffle the unpinned options among the unpinned positions; pinned ones stay put.
                    var shuffledSlots = slots
                    generator.shuffle(&shuffledSlots)
                    for (slot, source) in zip(slots, shuffledSlots) { order[slot] = source }
                } else {
                    generator.shuffle(&order)
                }
            }
            orders.append(contentsOf: order)
        }
    }
}
