import KaofaCore

/// Reading the text files of the text question formats (GIFT, Aiken): decoding, and splitting into blocks of lines.
enum QuestionText {
    struct Decoded {
        var text: String
        var encoding: String
        var notes: [String]
    }

    /// The text of `bytes` (UTF-8, GB18030 or UTF-16 with a byte-order mark), or why it is not text.
    static func decode(_ bytes: [UInt8], path: String, kind: String) -> Result<Decoded, Diagnostic> {
        if let nul = SourceDecoder.firstNUL(bytes) {
            let line = CSVReader.lineNumber(bytes, offset: nul)
            return .failure(Diagnostic(.unreadableImportFile, "这不是文本文件（第 \(line) 行含有 NUL 字节），无法作为 \(kind) 文本读取",
                at: SourceRange.line(line, of: path),
                notes: [.help("\(kind) 文件是纯文本；Word 文档请先“另存为”纯文本（.txt），编码选 UTF-8")]))
        }
        do throws(TabularError) {
            let decoded = try CSVReader.decode(bytes)
            return .success(Decoded(text: String(decoding: decoded.utf8, as: UTF8.self), encoding: decoded.encoding.rawValue,
                                    notes: decoded.encoding == .gb18030 ? ["文件是 GB18030（GBK）编码，已转换为 UTF-8"] : []))
        } catch {
            return .failure(Diagnostic(.unreadableImportFile, error.description, at: .wholeFile(path),
                notes: [.help("在记事本中“另存为”，编码选择 UTF-8")]))
        }
    }

    /// Runs of non-blank lines; a line for which `separateLine` is true is a block of its own.
    static func blocks(_ lines: [(number: Int, text: String)], separateLine: (String) -> Bool = { _ in false }) -> [[(number: Int, text: String)]] {
        var blocks: [[(number: Int, text: String)]] = []
        var current: [(number: Int, text: String)] = []
        for line in lines {
            let trimmed = ImportText.trimmed(line.text)
            if trimmed.isEmpty || separateLine(trimmed) {
                if !current.isEmpty { blocks.append(current) }
                current = []
                if !trimmed.isEmpty { blocks.append([line]) }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }
}
