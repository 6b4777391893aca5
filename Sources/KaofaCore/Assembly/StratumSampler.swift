/// Draws stratum counts for one paper: randomized restarts of the bounded search, then a complete search.
enum StratumSampler {
    /// Restarts and the node budget of each. Backtracking searches have heavy tails: many short runs from fresh
    /// random choices find a solution far more reliably than one long run.
    static let restarts = 400
    static let restartBudget = 150
    static let completeBudget = 2_000_000

    /// Before each restart, every must-cover law not yet on the paper commits one item to one of its cells (chosen
    /// in proportion to the cell's free questions); the bounds then steer the rest of the search around it.
    /// Each restart draws a new decision order (`order(_:sections:into:using:)`) before its commitments and search.
    static func sample<G: RandomNumberGenerator>(_ problem: StratumProblem, sections: [[Int]], using generator: inout G) -> StratumSearchResult {
        var order: [Int] = []
        return sample(StratumSolver(problem: problem), sections: sections, order: &order, using: &generator)
    }

    /// The same with a solver and an order buffer kept from earlier papers: one solver serves every restart (and
    /// every paper of a thread), as a solver's search depends only on its problem and the draws.
    static func sample<G: RandomNumberGenerator>(_ solver: StratumSolver, sections: [[Int]], order: inout [Int],
                                                 using generator: inout G) -> StratumSearchResult {
        let problem = solver.problem
        order.reserveCapacity(problem.cells.count)
        for _ in 0..<restarts {
            Self.order(problem, sections: sections, into: &order, using: &generator)
            solver.resetLowerBounds()
            solver.commitCovers(using: &generator)
            if case let .solved(counts) = solver.solve(order: order, nodeBudget: restartBudget, using: &generator) {
                return .solved(counts)
            }
        }
        solver.resetLowerBounds()
        return solver.solve(order: sections.flatMap { $0 }, nodeBudget: completeBudget, using: &generator)
    }

    /// The order cells are decided in: sections as given; within a section, law group by law group (groups in random
    /// order), each group's cells in random order. Filling a section row by row keeps the margin bounds tight: when a
    /// section's last law group comes, its cells are fixed by the difficulty remainders (as in the north-west corner
    /// rule for transportation tables), so random draws rarely lead into dead ends.
    static func order<G: RandomNumberGenerator>(_ problem: StratumProblem, sections: [[Int]], into order: inout [Int],
                                                using generator: inout G) {
        order.removeAll(keepingCapacity: true)
        let groupCount = max(problem.lawTargets.count, 1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: groupCount) { buffer in
            var groups = buffer
            for cells in sections {
                for group in 0..<groupCount { groups[group] = group }
                generator.shuffle(&groups)
                for group in groups {
                    // The group's row, its cells in section order, shuffled where it lies.
                    let start = order.count
                    for cell in cells where problem.cells[cell].lawGroup == group { order.append(cell) }
                    generator.shuffle(&order[start...])
                }
            }
        }
    }
}
