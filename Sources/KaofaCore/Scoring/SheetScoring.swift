/// A sheet scored against its paper.
public struct ScoredSheet: Sendable {
    public var sheet: AnswerSheet
    /// Index of the paper's key in the keys scored against.
    public var keyIndex: Int
    public var result: Scorer.Result
}

/// Scores many sheets against the keys of the papers they answer, refusing — each at its line — a sheet for a paper
/// that is not there, a per-examinee paper answered by someone else, a second sheet of the same examinee, and a sheet
/// the scorer rejects (an item the paper does not have, a label the item does not have …).
public enum SheetScoring {
    public static func score(_ sheets: [AnswerSheet], keys: [ScoringKey]) -> (scored: [ScoredSheet], diagnostics: [Diagnostic]) {
        var keyIndex: [String: Int] = [:]
        for (index, key) in keys.enumerated() where keyIndex[key.paperID] == nil { keyIndex[key.paperID] = index }
        // Sheet by sheet, keeping what each item was answered (item analysis reads it); the rules of `ScoringRun`.
        let source = ScoringKeySource(keys: keys)
        let entries = sheets.map { ScoringRun.Entry($0, ScoringRun.scoreOne($0, source: source, workspace: nil, marks: [:])) }
        var run = ScoringRun(source: source, marks: [])
        let (accepted, diagnostics) = run.accept(entries)
        let scored = accepted.compactMap { index -> ScoredSheet? in
            guard case let .scored(sheet, _) = entries[index].outcome else { return nil }
            return ScoredSheet(sheet: sheet.sheet, keyIndex: keyIndex[sheet.key.paperID]!, result: sheet.result)
        }
        return (scored, diagnostics)
    }

    /// Merges a marker's points into scored sheets, by examinee: marks for an examinee without a scored sheet, for an
    /// item that is not waiting for a marker, or above an item's points are refused at their row.
    public static func applyMarks(_ marks: [MarkSheet], to scored: [ScoredSheet]) -> (scored: [ScoredSheet], diagnostics: [Diagnostic]) {
        var index: [String: Int] = [:]
        for (position, sheet) in scored.enumerated() { index[sheet.sheet.examinee] = position }
        var merged = scored
        var diagnostics: [Diagnostic] = []
        for mark in marks {
            guard let position = index[mark.examinee] else {
                diagnostics.append(ScoringRun.markWithoutSheet(mark))
                continue
            }
            switch Scorer.applyMarks(merged[position].result, marks: mark.marks) {
            case let .success(result): merged[position].result = result
            case let .failure(rejection):
                diagnostics.append(ScoringRun.marksRefused(mark, paperID: merged[position].sheet.paperID, rejection: rejection))
            }
        }
        return (merged, diagnostics)
    }
}
