/// Images in bank text (`![说明](图片/图1.png)`, relative to the bank file), checked against the files beside the
/// bank: a paper showing a missing image, or one that is not a PNG, JPEG or GIF, could not be printed, so each is
/// an error (`E0217`) at the reference. Whether a file is usable is asked of the caller, which reads the disk; the
/// check itself is pure.
public enum ImageReferences {
    public enum FileStatus: Sendable {
        case usable
        case missing
        case unsupported
    }

    /// `path` relative to the directory of `bankFile`, unless absolute.
    public static func resolve(_ path: String, from bankFile: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = bankFile.lastIndex(of: "/") else { return path }
        return bankFile[...slash] + path
    }

    /// Every image reference in `source` outside comments: its path as written and its byte range.
    public static func references(in source: SourceFile) -> [(path: String, start: Int, end: Int)] {
        let bytes = source.bytes
        let bang = UInt8(ascii: "!"), open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        let parenthesis = UInt8(ascii: "("), closing = UInt8(ascii: ")"), newline = UInt8(ascii: "\n")
        guard bytes.indices.dropLast().contains(where: { bytes[$0] == bang && bytes[$0 + 1] == open }) else { return [] }
        let commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
        func matches(_ pattern: [UInt8], at index: Int) -> Bool {
            index + pattern.count <= bytes.count && bytes[index..<index + pattern.count].elementsEqual(pattern)
        }
        var found: [(String, Int, Int)] = []
        var index = 0, inComment = false
        while index < bytes.count {
            if inComment {
                if matches(commentClose, at: index) {
                    inComment = false
                    index += commentClose.count
                } else {
                    index += 1
                }
                continue
            }
            if matches(commentOpen, at: index) {
                inComment = true
                index += commentOpen.count
                continue
            }
            guard bytes[index] == bang, index + 1 < bytes.count, bytes[index + 1] == open,
                  let altEnd = bytes[(index + 2)...].firstIndex(where: { $0 == close || $0 == newline }), bytes[altEnd] == close,
                  altEnd + 1 < bytes.count, bytes[altEnd + 1] == parenthesis,
                  let pathEnd = bytes[(altEnd + 2)...].firstIndex(where: { $0 == closing || $0 == newline }),
                  bytes[pathEnd] == closing else {
                index += 1
                continue
            }
            let path = String(decoding: bytes[(altEnd + 2)..<pathEnd], as: UTF8.self)
                .trimmingCharacters(in: [" ", "\u{3000}", "\t"])
            if !path.isEmpty { found.append((path, index, pathEnd + 1)) }
            index = pathEnd + 1
        }
        return found
    }

    /// `E0217` for every reference whose file `status` says is missing or unsupported.
    public static func check(_ source: SourceFile, status: (String) -> FileStatus) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (path, start, end) in references(in: source) {
            let resolved = resolve(path, from: source.path)
            switch status(resolved) {
            case .usable:
                continue
            case .missing:
                diagnostics.append(Diagnostic(.imageUnusable, "找不到图片文件 \(path)", at: source.range(from: start, to: end), notes: [
                    .note("图片的路径从题库文件所在的目录算起，即 \(resolved)"),
                    .help("把图片放到这个位置，或者改正路径"),
                ]))
            case .unsupported:
                diagnostics.append(Diagnostic(.imageUnusable, "图片 \(path) 不是 PNG、JPEG 或 GIF 格式", at: source.range(from: start, to: end), notes: [
                    .help("用画图、WPS 等软件把图片另存为 PNG 或 JPEG 格式，再改正路径"),
                ]))
            }
        }
        return diagnostics
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        guard let first = firstIndex(where: { !set.contains($0) }), let last = lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
