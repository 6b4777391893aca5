import ArgumentParser
import Foundation
import KaofaCore

/// Answer sheets read and scored against a build's papers and keys, with markers' points merged: what `kaofa score`,
/// `kaofa analyze` and `kaofa report --papers` share.
struct ScoredSheets {
    var keys: [ScoringKey]
    var scored: [ScoredSheet]
    var markSheets: [MarkSheet]
    /// Every problem found, in the order of the files as given, then by line.
    var diagnostics: [Diagnostic]
    var sources: [String: [UInt8]]

    /// Stops (printing why) when the papers cannot be used, or a file cannot be read; problems with single sheets are
    /// returned for the caller to report.
    static func load(papers: String, responses: [String], marks: [String], keepGoing: Bool, useColor: Bool) throws -> ScoredSheets {
        let loadedKeys = ScoringKeyFiles.load(directory: papers)
        if loadedKeys.keys.isEmpty || (!loadedKeys.diagnostics.isEmpty && !keepGoing) {
            Terminal.report(loadedKeys.diagnostics, sources: [:], useColor: useColor)
            Terminal.error("发现 \(loadedKeys.diagnostics.count) 个问题，未评分\n")
            throw ExitCode(loadedKeys.keys.isEmpty ? 2 : 1)
        }

        var sheets: [AnswerSheet] = []
        var diagnostics = loadedKeys.diagnostics
        var sources: [String: [UInt8]] = [:]
        for path in responses {
            guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
                Terminal.report([Diagnostic(.fileUnreadable, "无法读取答卷文件“\(path)”", at: .wholeFile(path),
                                   notes: [.help("检查路径是否写对")])], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            if let problem = SourceDecoder.encodingProblem(bytes, path: path, kind: .answerSheets) {
                Terminal.report([problem], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            sources[path] = bytes
            let read = isJSONLines(path: path, bytes: bytes)
                ? AnswerSheetReader.jsonLines(bytes, path: path)
                : AnswerSheetReader.csv(String(decoding: bytes, as: UTF8.self), path: path)
            sheets += read.sheets
            diagnostics += read.diagnostics
        }
        var (scored, problems) = SheetScoring.score(sheets, keys: loadedKeys.keys)
        diagnostics += problems
        var markSheets: [MarkSheet] = []
        for path in marks {
            guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
                Terminal.report([Diagnostic(.fileUnreadable, "无法读取阅卷分文件“\(path)”", at: .wholeFile(path),
                                   notes: [.help("检查路径是否写对")])], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            if let problem = SourceDecoder.encodingProblem(bytes, path: path, kind: .roster) {
                Terminal.report([problem], sources: [:], useColor: useColor)
                throw ExitCode(2)
            }
            sources[path] = bytes
            let read = MarkSheetReader.csv(String(decoding: bytes, as: UTF8.self), path: path)
            markSheets += read.sheets
            diagnostics += read.diagnostics
        }
        if !markSheets.isEmpty {
            let merged = SheetScoring.applyMarks(markSheets, to: scored)
            scored = merged.scored
            diagnostics += merged.diagnostics
        }
        // In the order of the files as given, then by line.
        let fileOrder = Dictionary((responses + marks).enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        diagnostics = diagnostics.enumerated().sorted { a, b in
            let (fa, fb) = (fileOrder[a.element.range.file] ?? -1, fileOrder[b.element.range.file] ?? -1)
            if fa != fb { return fa < fb }
            if a.element.range.start.line != b.element.range.start.line { return a.element.range.start.line < b.element.range.start.line }
            return a.offset < b.offset
        }.map(\.element)
        return ScoredSheets(keys: loadedKeys.keys, scored: scored, markSheets: markSheets, diagnostics: diagnostics, sources: sources)
    }

    /// `.jsonl`/`.json`, or content that starts with `{`; CSV otherwise.
    static func isJSONLines(path: String, bytes: [UInt8]) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") { return true }
        if lower.hasSuffix(".csv") { return false }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return bytes[start...].first { $0 > 0x20 } == UInt8(ascii: "{")
    }

}
