/// Builders for the lines of a text diagnostic's snippet, so that expected output states the caret's
/// display offset and underline width explicitly (a Chinese character is two columns wide on a terminal).
enum Snippet {
    /// `  12 | 答案：E`
    static func source(_ line: Int, _ text: String) -> String {
        "  \(line) | \(text)"
    }

    /// `     |       ^~~`: the caret `offset` display columns after the gutter, underlining `width` columns.
    static func caret(_ line: Int, offset: Int, width: Int = 1) -> String {
        "  " + String(repeating: " ", count: String(line).count) + " | " + String(repeating: " ", count: offset)
            + "^" + String(repeating: "~", count: max(0, width - 1))
    }
}
