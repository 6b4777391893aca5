/// Keeps a spreadsheet from reading a CSV cell as a formula (CSV injection): a cell that starts with `=`, `+`, `-`
/// or `@` is written with a `'` before it, which Excel, WPS and LibreOffice show as text and do not evaluate.
///
/// The rule is a bijection, so that a bank exported to CSV and imported back is unchanged: any run of `'` followed by
/// one of those four characters gets one more `'` on writing, and loses one on reading. A cell that starts with `'`
/// followed by anything else is left alone both ways. XLSX cells need none of this: they are written as text cells,
/// which spreadsheets never evaluate.
public enum FormulaGuard {
    /// The cell as written to a CSV file.
    public static func protect(_ cell: String) -> String {
        needsMark(cell) || isMarked(cell) ? "'" + cell : cell
    }

    /// The cell as it was before `protect`: one leading `'` removed when `'`s are followed by `=`, `+`, `-` or `@`.
    public static func unprotect(_ cell: String) -> String {
        isMarked(cell) ? String(cell.dropFirst()) : cell
    }

    private static let formulaStarts: Set<Character> = ["=", "+", "-", "@"]

    private static func needsMark(_ cell: String) -> Bool {
        cell.first.map(formulaStarts.contains) ?? false
    }

    /// `'` repeated one or more times, then a formula start.
    private static func isMarked(_ cell: String) -> Bool {
        guard cell.first == "'" else { return false }
        guard let first = cell.firstIndex(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(cell[first])
    }
}
