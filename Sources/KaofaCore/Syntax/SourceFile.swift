#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bank file's text, validated as UTF-8, with a line table for turning byte offsets into positions.
public struct SourceFile: Sendable {
    /// The path as the user gave it (shown in diagnostics).
    public let path: String
    /// UTF-8 bytes without a byte-order mark. Always valid UTF-8.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line. Lines end at `\n`, `\r\n` or a lone `\r`.
    public let lineStarts: [Int]
    /// Byte offset where each line's content ends (before its terminator).
    public let lineEnds: [Int]

    /// The largest bank file kaofa reads; larger files get `E0005`.
    public static let maximumSize = 256 << 20

    /// Makes a source file from text that is already known to be valid.
    public init(path: String, text: String) {
        self.init(path: path, validatedBytes: Array(text.utf8))
    }

    init(path: String, validatedBytes: [UInt8]) {
        self.path = path
        var bytes = validatedBytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        self.bytes = bytes
        (lineStarts, lineEnds) = Self.lineTable(bytes)
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of line `line` (1-based) without its terminator, or nil past the end.
    public func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        return String(decoding: bytes[lineStarts[line - 1]..<lineEnds[line - 1]], as: UTF8.self)
    }

    /// 1-based line index holding byte `offset`.
    public func line(ofByte offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The position of byte `offset`, its column counted in Unicode scalars.
    public func position(ofByte offset: Int) -> SourcePosition {
        let line = line(ofByte: offset)
        return SourcePosition(line: line, column: column(ofByte: offset, inLine: line))
    }

    /// 1-based column of byte `offset` in line `line` (1-based): one plus the number of scalars before it.
    public func column(ofByte offset: Int, inLine line: Int) -> Int {
        let start = lineStarts[line - 1]
        let end = min(offset, bytes.count)
        guard end > start else { return 1 }
        return bytes.withUnsafeBufferPointer { buffer in
            Self.scalarCount(buffer, from: start, to: end) + 1
        }
    }

    /// Counts scalars (bytes that are not UTF-8 continuation bytes) eight bytes at a time.
    static func scalarCount(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        var continuation = 0
        let base = UnsafeRawPointer(buffer.baseAddress!)
        while i + 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A continuation byte is 10xxxxxx: bit 7 set and bit 6 clear.
            continuation += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            i += 8
        }
        while i < end {
            if buffer[i] & 0xC0 == 0x80 { continuation += 1 }
            i += 1
        }
        return (end - start) - continuation
    }

    public func range(from start: Int, to end: Int) -> SourceRange {
        SourceRange(file: path, start: position(ofByte: start), end: position(ofByte: end))
    }

    public func range(line: Int, from start: Int, to end: Int) -> SourceRange {
        let startColumn = column(ofByte: start, inLine: line)
        return range(line: line, from: start, to: end, startColumn: startColumn)
    }

    /// A range on one line whose start column is already known (counting only the bytes in between).
    func range(line: Int, from start: Int, to end: Int, startColumn: Int) -> SourceRange {
        let endColumn = end > start
            ? bytes.withUnsafeBufferPointer { startColumn + Self.scalarCount($0, from: start, to: min(end, bytes.count)) }
            : startColumn
        return SourceRange(file: path, start: SourcePosition(line: line, column: startColumn),
                           end: SourcePosition(line: line, column: endColumn))
    }

    /// Computes ranges left to right along one line, counting each byte once: on a line with many ranges (a long
    /// attribute block) columns cost linear, not quadratic, time.
    struct ColumnCursor {
        var offset: Int
        var column: Int

        mutating func range(_ file: SourceFile, line: Int, from start: Int, to end: Int) -> SourceRange {
            let r = file.range(line: line, from: start, to: end, after: (offset, column))
            // Advance to the start only: later ranges may lie inside this one (a list value and its items).
            if start >= offset {
                offset = start
                column = r.start.column
            }
            return r
        }
    }

    /// A range on one line, counting columns from a known (offset, column) point before `start`.
    func range(line: Int, from start: Int, to end: Int, after known: (offset: Int, column: Int)) -> SourceRange {
        guard start >= known.offset else { return range(line: line, from: start, to: end) }
        let startColumn = bytes.withUnsafeBufferPointer { known.column + Self.scalarCount($0, from: known.offset, to: start) }
        return range(line: line, from: start, to: end, startColumn: startColumn)
    }

    static func lineTable(_ bytes: [UInt8]) -> ([Int], [Int]) {
        var starts = [0]
        var ends: [Int] = []
        starts.reserveCapacity(bytes.count / 40 + 1)
        ends.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let n = buffer.count
            if memchr(base, 0x0D, n) == nil {
                // No carriage returns (the usual case): find line feeds with memchr.
                var i = 0
                while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    ends.append(at)
                    starts.append(at + 1)
                    i = at + 1
                }
                return
            }
            var i = 0
            while i < n {
                let b = buffer[i]
                if b == 0x0A {
                    ends.append(i)
                    starts.append(i + 1)
                } else if b == 0x0D {
                    ends.append(i)
                    if i + 1 < n && buffer[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        ends.append(bytes.count)
        return (starts, ends)
    }
}

/// Turns raw file bytes into a `SourceFile`, or explains why they are not a file kaofa can read.
public enum SourceDecoder {
    /// What the file is meant to be, for the wording of the diagnostics.
    public enum Kind: Sendable {
        case bank, blueprint, roster, answerSheets

        var name: String {
            switch self {
            case .bank: "题库"
            case .blueprint: "蓝图"
            case .roster: "名单"
            case .answerSheets: "答卷"
            }
        }

        var textFileHelp: String {
            switch self {
            case .bank: "题库应是 .md 纯文本文件；Word 文档请先另存为“纯文本(.txt)”并选择 UTF-8 编码，再把扩展名改为 .md"
            case .blueprint: "蓝图应是 UTF-8 编码的 YAML 纯文本文件（.yaml），可以用任何文本编辑器编写"
            case .roster: "名单应是 CSV 文本文件；在 Excel 或 WPS 中“另存为”，文件类型选“CSV UTF-8（逗号分隔）”"
            case .answerSheets: "答卷应是 JSON Lines（.jsonl，每行一份）或 CSV 文本文件；CSV 在 Excel 或 WPS 中“另存为”“CSV UTF-8（逗号分隔）”"
            }
        }

        var convertedName: String {
            switch self {
            case .bank: "新文件.md"
            case .blueprint: "新文件.yaml"
            case .roster: "新名单.csv"
            case .answerSheets: "新答卷.csv"
            }
        }
    }

    public static func decode(_ raw: [UInt8], path: String, kind: Kind = .bank) -> Result<SourceFile, Diagnostic> {
        if raw.count > SourceFile.maximumSize {
            return .failure(Diagnostic(.fileTooLarge,
                "文件大小为 \(raw.count / (1 << 20)) MB，超过了 \(SourceFile.maximumSize >> 20) MB 的上限",
                at: .wholeFile(path), notes: [.help(kind == .bank ? "把题库拆分成多个文件（例如按法律或题型），放在同一个目录下"
                                                                 : "检查是否选错了文件")]))
        }
        if let problem = encodingProblem(raw, path: path, kind: kind) { return .failure(problem) }
        return .success(SourceFile(path: path, validatedBytes: raw))
    }

    /// Why `raw` is not UTF-8 text (a NUL byte, GBK/GB18030, an invalid sequence), or nil when it is; for files of
    /// any size.
    public static func encodingProblem(_ raw: [UInt8], path: String, kind: Kind) -> Diagnostic? {
        if let nul = firstNUL(raw) {
            let position = rawPosition(raw, offset: nul)
            return Diagnostic(.binaryFile, "这不是文本文件（第 \(position.line) 行含有 NUL 字节），无法作为\(kind.name)读取",
                at: SourceRange(file: path, start: position, end: position),
                notes: [.help(kind.textFileHelp)])
        }
        let invalid = firstInvalidUTF8(raw)
        if invalid == raw.count { return nil }
        let position = rawPosition(raw, offset: invalid)
        let range = SourceRange(file: path, start: position, end: position)
        if looksLikeGB18030(raw) {
            return Diagnostic(.notUTF8GB18030,
                "文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）；为避免乱码，kaofa 不读取它",
                at: range, notes: [
                    .help("转换为 UTF-8：iconv -f GB18030 -t UTF-8 '\(path)' > \(kind.convertedName)"),
                    .help("或在记事本中“文件 → 另存为”，编码选择“UTF-8”"),
                ])
        }
        return Diagnostic(.notUTF8, "文件在第 \(position.line) 行第 \(position.column) 列处不是有效的 UTF-8 文本",
            at: range, notes: [
                .note("文件可能被截断，或混用了多种编码"),
                .help("用文本编辑器以 UTF-8 编码重新保存该文件"),
            ])
    }

    /// Offset of the first NUL byte, if any.
    public static func firstNUL(_ raw: [UInt8]) -> Int? {
        raw.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let hit = memchr(base, 0, buffer.count) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Byte offset of the first byte that is not part of a valid UTF-8 sequence (`raw.count` when there is none).
    /// Large text is checked in parts on all cores, each starting at a byte that is not a continuation byte: no valid
    /// sequence spans two parts, so a part is valid exactly when its bytes are valid in the whole text, and the first
    /// invalid byte is the first part's that has one.
    public static func firstInvalidUTF8(_ raw: [UInt8]) -> Int {
        firstInvalidUTF8(raw, partSize: 4 << 20)
    }

    /// The same, checking text of at least four parts of about `partSize` bytes in parts (tests vary it).
    static func firstInvalidUTF8(_ raw: [UInt8], partSize: Int) -> Int {
        raw.withUnsafeBufferPointer { buffer in
            guard partSize > 0, buffer.count >= 4 * partSize else { return firstInvalidUTF8(buffer) }
            var starts = [0]
            var start = partSize
            while start < buffer.count {
                while start < buffer.count, buffer[start] & 0xC0 == 0x80, start - starts.last! < partSize + 4 { start += 1 }
                starts.append(start)
                start += partSize
            }
            let whole = ParallelMap.Disjoint(buffer), parts = starts
            let found = ParallelMap.map(Array(parts.indices)) { index in
                let end = index + 1 < parts.count ? min(parts[index + 1], whole.value.count) : whole.value.count
                let part = UnsafeBufferPointer(rebasing: whole.value[parts[index]..<end])
                let offset = firstInvalidUTF8(part)
                return offset == part.count ? nil : parts[index] + offset
            }
            return found.lazy.compactMap { $0 }.first ?? buffer.count
        }
    }

    static func firstInvalidUTF8(_ raw: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        let n = raw.count
        guard let base = raw.baseAddress else { return 0 }
        let words = UnsafeRawPointer(base)
        while i < n {
            if i + 8 <= n {
                let word = words.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                // Eight ASCII bytes at a time.
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                // Two Chinese characters at a time: two three-byte sequences (bytes in little-endian order), each a
                // lead byte E1–EC or EE–EF (E0 and ED have narrower second bytes) and two continuation bytes.
                if word & 0x0000_C0C0_F0C0_C0F0 == 0x0000_8080_E080_80E0 {
                    let first = word & 0x0F, second = (word >> 24) & 0x0F
                    if first != 0, first != 0xD, second != 0, second != 0xD {
                        i += 6
                        continue
                    }
                }
            }
            let b = base[i]
            if b < 0x80 {
                i += 1
                continue
            }
            // The common case in Chinese text: a three-byte sequence E1–EC or EE–EF, two continuation bytes.
            if b >= 0xE1, b <= 0xEF, b != 0xED, i + 2 < n, base[i + 1] & 0xC0 == 0x80, base[i + 2] & 0xC0 == 0x80 {
                i += 3
                continue
            }
            let length: Int
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i
            }
            if i + length > n { return i }
            for k in 1..<length where base[i + k] & 0xC0 != 0x80 { return i }
            if length == 3 {
                if b == 0xE0 && base[i + 1] < 0xA0 { return i }
                if b == 0xED && base[i + 1] > 0x9F { return i }
            }
            if length == 4 {
                if b == 0xF0 && base[i + 1] < 0x90 { return i }
                if b == 0xF4 && base[i + 1] > 0x8F { return i }
            }
            i += length
        }
        return n
    }

    /// True when the bytes parse as GB18030 with Chinese characters in them.
    static func looksLikeGB18030(_ raw: [UInt8]) -> Bool {
        var i = 0, multibyte = 0, bad = 0
        while i < raw.count {
            let b = raw[i]
            if b < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(b), i + 1 < raw.count else { bad += 1; i += 1; continue }
            let c = raw[i + 1]
            if (0x40...0x7E).contains(c) || (0x80...0xFE).contains(c) {
                multibyte += 1; i += 2
            } else if (0x30...0x39).contains(c), i + 3 < raw.count,
                      (0x81...0xFE).contains(raw[i + 2]), (0x30...0x39).contains(raw[i + 3]) {
                multibyte += 1; i += 4
            } else {
                bad += 1; i += 1
            }
        }
        return multibyte > 0 && bad * 50 <= multibyte
    }

    /// Line and column of a byte offset in text that may not be valid UTF-8 (invalid bytes count as one column).
    static func rawPosition(_ raw: [UInt8], offset: Int) -> SourcePosition {
        var line = 1, column = 1, i = 0
        while i < offset && i < raw.count {
            let b = raw[i]
            if b == 0x0A || (b == 0x0D && (i + 1 >= raw.count || raw[i + 1] != 0x0A)) {
                line += 1; column = 1
            } else if b & 0xC0 != 0x80 || b >= 0xF8 {
                column += 1
            }
            i += 1
        }
        return SourcePosition(line: line, column: column)
    }
}
