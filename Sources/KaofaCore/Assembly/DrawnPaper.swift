/// A paper as drawn, before it becomes a ``Paper``: the plan questions it holds in printed order and how each one's
/// options are printed. Drawing into a reused ``AssemblyWorkspace`` allocates almost nothing per paper, and compact
/// writers can work from it without building items (`PaperAssembler.paper(_:examinee:)` makes the full paper).
public struct DrawnPaper: Sendable {
    /// `KF-` and 12 hex digits (see `PaperAssembler`).
    public internal(set) var id: String
    public internal(set) var subject: Randomness.Subject
    /// The paper's stream keys: case parts, which the drawn paper does not hold, are shuffled from them.
    var key: PaperKey
    /// Per blueprint section: where its items end in `questions`.
    public internal(set) var sectionEnds: [Int] = []
    /// Per item: the question's index in `plan.questions`, in printed order across sections.
    public internal(set) var questions: [Int] = []
    /// Per item: where its option order starts in `optionOrders`, plus one entry for the end of the last.
    public internal(set) var optionStarts: [Int] = [0]
    /// The option orders of all items back to back: for each printed position, the option's index in the bank.
    public internal(set) var optionOrders: [Int] = []

    init(id: String, subject: Randomness.Subject, key: PaperKey) {
        self.id = id
        self.subject = subject
        self.key = key
    }

    /// The items of section `index`: their positions in `questions`.
    public func items(ofSection index: Int) -> Range<Int> {
        (index == 0 ? 0 : sectionEnds[index - 1])..<sectionEnds[index]
    }

    /// For each printed position of item `item`, the index of the option in the bank.
    public func optionOrder(ofItem item: Int) -> ArraySlice<Int> { optionOrders[optionStarts[item]..<optionStarts[item + 1]] }

    /// Starts a new paper, keeping the buffers' storage.
    mutating func reset(id: String, subject: Randomness.Subject, key: PaperKey) {
        self.id = id
        self.subject = subject
        self.key = key
        sectionEnds.removeAll(keepingCapacity: true)
        questions.removeAll(keepingCapacity: true)
        optionStarts.removeAll(keepingCapacity: true)
        optionStarts.append(0)
        optionOrders.removeAll(keepingCapacity: true)
    }
}

/// Everything drawing a paper needs besides the plan, kept from one paper to the next so that a thread drawing many
/// papers allocates almost nothing per paper. Not shared between threads: give each its own
/// (`PaperAssembler.makeWorkspace()`), and use it only with the assembler that made it.
public final class AssemblyWorkspace {
    /// The assembler the workspace was made for (its plan sized every buffer).
    final class Owner: Sendable {}
    let owner: Owner
    let solver: StratumSolver
    /// The stratum search's decision order.
    var order: [Int] = []
    /// The chosen questions, in the order they were chosen.
    var selection: [Int] = []
    /// The lowest priorities of the cell being filled.
    var lowest: [PaperAssembler.Ranked] = []
    /// The last paper drawn; its buffers are reused by the next draw (a copy kept by the caller stays as it was).
    var drawn: DrawnPaper

    init(plan: AssemblyPlan, owner: Owner) {
        self.owner = owner
        solver = StratumSolver(problem: plan.problem)
        order.reserveCapacity(plan.problem.cells.count)
        selection.reserveCapacity(plan.blueprint.itemCount)
        drawn = DrawnPaper(id: "", subject: .examinee(""), key: PaperKey(bytes: []))
        drawn.questions.reserveCapacity(plan.blueprint.itemCount)
        drawn.sectionEnds.reserveCapacity(plan.blueprint.sections.count)
        drawn.optionStarts.reserveCapacity(plan.blueprint.itemCount + 1)
    }
}
