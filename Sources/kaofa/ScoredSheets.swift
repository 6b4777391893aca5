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
            let bytes = try Terminal.readText(path, kind: .answerSheets, what: "答卷文件", useColor: useColor, convertingGBK: true)
            sources[path] = bytes
            let read = isJSONLines(path: path, bytes: bytes)
                ? AnswerSheetReader.jsonLines(bytes, path: path)
                : AnswerSheetReader.csv(String(decoding: bytes, as: UTF8.self), path: path)
            sheets += read.sheets
            diagnostics += read.diagnostics
        }
        var (scored, problems) = SheetScoring.score(sheets, keys: loadedKeys.keys)
        diagnostics += problems
        let markSheets = try Self.markSheets(marks, useColor: useColor, sources: &sources, diagnostics: &diagnostics)
        if !markSheets.isEmpty {
            let merged = SheetScoring.applyMarks(markSheets, to: scored)
            scored = merged.scored
            diagnostics += merged.diagnostics
        }
        diagnostics = Terminal.inFileOrder(diagnostics, files: responses + marks)
        return ScoredSheets(keys: loadedKeys.keys, scored: scored, markSheets: markSheets, diagnostics: diagnostics, sources: sources)
    }

    /// `.jsonl`/`.json`, or content that starts with `{`; CSV otherwise.
    /// The markers' sheets (`--marks`): each file read, kept for showing its lines, and its problems added.
    static func markSheets(_ paths: [String], useColor: Bool, sources: inout [String: [UInt8]],
                           diagnostics: inout [Diagnostic]) throws -> [MarkSheet] {
        var sheets: [MarkSheet] = []
        for path in paths {
            let bytes = try Terminal.readText(path, kind: .roster, what: "阅卷分文件", useColor: useColor, convertingGBK: true)
            sources[path] = bytes
            let read = MarkSheetReader.csv(String(decoding: bytes, as: UTF8.self), path: path)
            sheets += read.sheets
            diagnostics += read.diagnostics
        }
        return sheets
    }

    static func isJSONLines(path: String, bytes: [UInt8]) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") { return true }
        if lower.hasSuffix(".csv") { return false }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return bytes[start...].first { $0 > 0x20 } == UInt8(ascii: "{")
    }

}
