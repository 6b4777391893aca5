/// Rules of the bank language for programs that write bank text (the importers), answered by the parser's own
/// code so that writer and parser can never disagree.
public enum BankTextRules {
    /// Whether `id` can be a question id (`#XF-0001`): ASCII letters, digits, `-`, `_` and `.`, starting with a letter
    /// or digit, at most 64 bytes.
    public static func isValidID(_ id: String) -> Bool { AttributeParser.isValidID(id) }

    /// Whether `line`, written as a continuation line of a stem or a field (答案, 解析, 参考答案), would be read as the
    /// start of something else: a question number (`1.`, `（1）`), an option (`A.`, `（B）`), a field marker
    /// (`答案：`, `【解析】` …), a heading or a comment. A decimal number (`3.5万元`) directly under the line before
    /// is not a question number, and importers write no blank lines inside a question.
    public static func startsNewElement(_ line: String) -> Bool {
        let file = SourceFile(path: "", text: line)
        guard file.lineCount == 1 else { return true }
        let content = file.line(0)
        let s = content.contentStart, e = content.contentEnd
        guard s < e else { return false }
        if file.hasPrefix(Array("<!--".utf8), at: s, end: e) { return true }
        if file.bytes[s] == UInt8(ascii: "#") {
            var p = s
            while p < e, file.bytes[p] == UInt8(ascii: "#") { p += 1 }
            if p - s <= 6, p == e || Lexicon.isSpace(file.scalar(at: p).0) || QuestionType.fromHeading(file.string(p, e)) != nil {
                return true
            }
        }
        if file.fieldMarker(at: s, end: e) != nil { return true }
        if let marker = file.numberMarker(at: s, end: e), !marker.mayBeDecimal { return true }
        return file.optionMarker(at: s, end: e) != nil
    }

    /// The answer line's value as `kaofa fmt` writes it for a question of `type`: `A、b` → `AB`, `对` → `正确`,
    /// `人民 ; 全国人大 / 人大` → `人民；全国人大/人大`; text it cannot read is returned unchanged.
    public static func canonicalAnswer(_ text: String, type: QuestionType) -> String {
        BankFormatter.canonicalAnswer(text, type: type)
    }

    /// An attribute value as `kaofa fmt` writes it: in double quotes when it holds white space or is empty.
    public static func attributeValue(_ value: String) -> String { BankFormatter.quoted(value) }
}
