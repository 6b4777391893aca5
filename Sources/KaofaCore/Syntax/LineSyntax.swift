/// One physical line, with the byte offsets of its content and of its trimmed content.
struct Line {
    let number: Int
    let start: Int
    let end: Int
    /// After leading white space.
    let contentStart: Int
    /// Before trailing white space.
    let contentEnd: Int

    var isBlank: Bool { contentStart >= contentEnd }
}

/// A question number at the start of a line: `1.` `1、` `1．` `（1）` `(1)`.
struct NumberMarker {
    enum Style { case dotted, parenthesized }
    let value: Int
    let style: Style
    /// Offset just after the marker.
    let end: Int
    /// `3.5`: an ASCII dot directly followed by a digit may be a decimal number rather than a question number.
    let mayBeDecimal: Bool
}

/// An option label at some offset: `A.` `A、` `A．` `A)` `（A）` `(A)`.
struct OptionMarker {
    let label: String
    let start: Int
    /// Offset just after the marker.
    let end: Int
}

extension SourceFile {
    func line(_ index: Int) -> Line {
        let start = lineStarts[index], end = lineEnds[index]
        let contentStart = skipSpace(from: start, to: end)
        return Line(number: index + 1, start: start, end: end, contentStart: contentStart,
                    contentEnd: trimTrailingSpace(from: contentStart, to: end))
    }

    /// Reads a question number at `i`, up to six digits. The caller decides about `3.5万元` (`mayBeDecimal`).
    func numberMarker(at i: Int, end: Int) -> NumberMarker? {
        guard i < end else { return nil }
        var p = i
        let (first, firstLength) = scalar(at: p)
        let parenthesized = Lexicon.isOpenParen(first)
        if parenthesized { p += firstLength }
        var value = 0, count = 0
        while p < end, count < 7 {
            let (s, n) = scalar(at: p)
            guard let d = Lexicon.digit(s) else { break }
            value = value * 10 + d
            count += 1
            p += n
        }
        guard count > 0, count < 7, p < end else { return nil }
        let (mark, markLength) = scalar(at: p)
        if parenthesized {
            guard Lexicon.isCloseParen(mark) else { return nil }
            return NumberMarker(value: value, style: .parenthesized, end: p + markLength, mayBeDecimal: false)
        }
        guard Lexicon.isNumberMark(mark) else { return nil }
        let after = p + markLength
        let mayBeDecimal = mark == "." && after < end && Lexicon.digit(scalar(at: after).0) != nil
        return NumberMarker(value: value, style: .dotted, end: after, mayBeDecimal: mayBeDecimal)
    }

    /// Reads an option label at `i`. `expected`, when given, is the only label accepted.
    func optionMarker(at i: Int, end: Int, expected: String? = nil) -> OptionMarker? {
        guard i < end else { return nil }
        let (first, firstLength) = scalar(at: i)
        if Lexicon.isOpenParen(first) {
            let p = i + firstLength
            guard p < end, let label = Lexicon.optionLetter(scalar(at: p).0) else { return nil }
            let q = p + scalar(at: p).1
            guard q < end, Lexicon.isCloseParen(scalar(at: q).0) else { return nil }
            if let expected, expected != label { return nil }
            return OptionMarker(label: label, start: i, end: q + scalar(at: q).1)
        }
        guard let label = Lexicon.optionLetter(first) else { return nil }
        if let expected, expected != label { return nil }
        let p = i + firstLength
        guard p < end else { return nil }
        let (mark, markLength) = scalar(at: p)
        guard Lexicon.isOptionMark(mark) else { return nil }
        // `A.5` is not an option marker.
        let after = p + markLength
        if mark == ".", after < end, Lexicon.digit(scalar(at: after).0) != nil { return nil }
        return OptionMarker(label: label, start: i, end: after)
    }

    /// The field marker (`答案：`, `【解析】` …) at `i`, with the offset after it.
    func fieldMarker(at i: Int, end: Int) -> (FieldKind, Int)? {
        guard end - i >= 3, bytes[i] >= 0xE0 else { return nil }
        guard Lexicon.fieldMarkerLeadBytes.contains([bytes[i], bytes[i + 1], bytes[i + 2]]) else { return nil }
        for (marker, kind) in Lexicon.fieldMarkerBytes where hasPrefix(marker, at: i, end: end) {
            return (kind, i + marker.count)
        }
        return nil
    }

    /// Finds a `{…}` block that closes the content range `start..<end` (its `}` is the last character).
    /// Returns the offsets of `{` and just after `}`.
    func trailingBraceBlock(start: Int, end: Int) -> (open: Int, close: Int)? {
        guard end > start else { return nil }
        let last = previousBoundary(before: end)
        guard Lexicon.isCloseBrace(scalar(at: last).0) else { return nil }
        var p = last
        while p > start {
            p = previousBoundary(before: p)
            let s = scalar(at: p).0
            if Lexicon.isOpenBrace(s) { return (p, end) }
            if Lexicon.isCloseBrace(s) { return nil }
        }
        return nil
    }

    /// `{#A-1 法律=宪法}}}`: a block whose `}` is followed only by more `}`. Returns `{` and the offset after its `}`.
    func braceBlockWithExtraClosers(start: Int, end: Int) -> (open: Int, close: Int)? {
        guard end > start, Lexicon.isCloseBrace(scalar(at: previousBoundary(before: end)).0) else { return nil }
        // Walk back over the run of closing braces, then find the block's `{`.
        var p = previousBoundary(before: end)
        while p > start, Lexicon.isCloseBrace(scalar(at: previousBoundary(before: p)).0) { p = previousBoundary(before: p) }
        guard let block = trailingBraceBlock(start: start, end: p + scalar(at: p).1) else { return nil }
        return (block.open, block.close)
    }

    /// Finds an attribute block that was opened but never closed: the last `{` on the line whose content
    /// starts like attributes (`#` or contains `=`) with no `}` after it.
    func unterminatedBraceBlock(start: Int, end: Int) -> Int? {
        var p = end
        while p > start {
            p = previousBoundary(before: p)
            let s = scalar(at: p).0
            if Lexicon.isCloseBrace(s) { return nil }
            if Lexicon.isOpenBrace(s) {
                let inside = string(p + scalar(at: p).1, end)
                let trimmed = inside.trimmingSpaces()
                if trimmed.hasPrefix("#") || trimmed.contains("=") || trimmed.contains("＝")
                    || Lexicon.pinnedWords.contains(trimmed) {
                    return p
                }
                return nil
            }
        }
        return nil
    }
}
