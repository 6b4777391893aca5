import ArgumentParser
import Foundation
import KaofaCore
import KaofaInterchange

extension Terminal {
    /// Prints diagnostics with their source lines; at most 50, then how many more there are.
    static func report(_ diagnostics: [Diagnostic], sources: [String: [UInt8]], useColor: Bool) {
        guard !diagnostics.isEmpty else { return }
        let shown = Array(diagnostics.prefix(50))
        let wanted = Set(shown.map { "\($0.range.file)\u{0}\($0.range.start.line)" })
        var lines: [String: String] = [:]
        for (path, bytes) in sources {
            var line = 1, start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
                let key = "\(path)\u{0}\(line)"
                if wanted.contains(key) {
                    var end = index
                    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                    lines[key] = String(decoding: bytes[start..<end], as: UTF8.self)
                }
                line += 1
                start = index + 1
            }
        }
        let found = lines
        let formatter = DiagnosticFormatter(colors: useColor) { file, line in found["\(file)\u{0}\(line)"] }
        Terminal.error(formatter.format(shown))
        if diagnostics.count > shown.count { Terminal.error("……另有 \(diagnostics.count - shown.count) 个问题未列出\n") }
    }

    /// Why an input file could not be read, with what to do: not there (and, when the same name with a usual
    /// extension is, that one: `蓝图` for `蓝图.yaml`), a directory, or not readable.
    static func unreadable(_ path: String, what: String) -> Diagnostic {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            return Diagnostic(.fileUnreadable, "\(what)“\(path)”是一个目录", at: .wholeFile(path), notes: [.help("给出其中的文件")])
        }
        if exists {
            return Diagnostic(.fileUnreadable, "无法读取\(what)“\(path)”", at: .wholeFile(path), notes: [.help("检查文件权限")])
        }
        let guess = ["yaml", "yml", "csv", "xlsx", "jsonl", "md"].map { path + "." + $0 }.first { FileManager.default.fileExists(atPath: $0) }
        return Diagnostic(.fileUnreadable, "找不到\(what)“\(path)”", at: .wholeFile(path),
                          notes: [.help(guess.map { "是不是“\($0)”？文件名要写完整，包括扩展名" } ?? "检查路径是否写对")])
    }

    /// The bytes of an input file that must be text (UTF-8); prints why not and stops with status 2 otherwise.
    /// With `convertingGBK` — tables a teacher saved from Excel or WPS (answer sheets, marks) — GBK/GB18030 text, what
    /// Excel's plain “CSV（逗号分隔）” writes on Chinese Windows, is converted to UTF-8 rather than refused, as `import`,
    /// `report` and `build`'s roster do.
    static func readText(_ path: String, kind: SourceDecoder.Kind, what: String, useColor: Bool,
                         convertingGBK: Bool = false) throws -> [UInt8] {
        guard let bytes = BankInput.readFile(path) else {
            report([unreadable(path, what: what)], sources: [:], useColor: useColor)
            throw ExitCode(2)
        }
        if let problem = SourceDecoder.encodingProblem(bytes, path: path, kind: kind) {
            if convertingGBK, problem.code == .notUTF8GB18030, let decoded = try? CSVReader.decode(bytes) { return decoded.utf8 }
            report([problem], sources: [:], useColor: useColor)
            throw ExitCode(2)
        }
        return bytes
    }

    /// Diagnostics in the order of the files as given, then by line (the order found within a line).
    static func inFileOrder(_ diagnostics: [Diagnostic], files: [String]) -> [Diagnostic] {
        let fileOrder = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return diagnostics.enumerated().sorted { a, b in
            let (fa, fb) = (fileOrder[a.element.range.file] ?? -1, fileOrder[b.element.range.file] ?? -1)
            if fa != fb { return fa < fb }
            if a.element.range.start.line != b.element.range.start.line { return a.element.range.start.line < b.element.range.start.line }
            return a.offset < b.offset
        }.map(\.element)
    }
}
