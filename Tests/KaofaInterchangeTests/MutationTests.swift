import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

/// Mutated input never crashes a reader: every result is a table, a report or an error. Seeds are fixed, so a
/// failure is reproducible.
@Suite("Mutated input")
struct MutationTests {
    /// `bytes` with a few bytes replaced, deleted or duplicated.
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        for _ in 0..<Int.random(in: 1...8, using: &random) where !out.isEmpty {
            let index = Int.random(in: 0..<out.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: out[index] = UInt8.random(in: 0...255, using: &random)
            case 1: out.remove(at: index)
            default: out.insert(out[index], at: index)
            }
        }
        return out
    }

    @Test("mutated CSV and pasted text: a report or a diagnostic, never a crash")
    func text() throws {
        var random = SplitMix64(seed: 7)
        let csv = Array(CSVWriter.write(TableImportTests.platformRows))
        let text = Array(TextImportTests.wordBank.utf8)
        for _ in 0..<150 {
            let mutatedCSV = Self.mutate(csv, &random)
            if case let .success(loaded) = TableSource.load(mutatedCSV, format: .csv, path: "题库.csv") {
                let report = TableImporter.run(loaded, sourcePath: "题库.csv", outputPath: "导入.md", options: ImportOptions(),
                                               existingBanks: [], catalog: Support.catalog)
                _ = ImportReportText().render(report)
                #expect(!report.diagnostics.contains { $0.code == .importMismatch }, "\(Support.lines(report.diagnostics))")
            }
            let mutatedText = Self.mutate(text, &random)
            if case let .success(report) = TextImporter.run(mutatedText, sourcePath: "题库.txt", outputPath: "导入.md",
                                                           options: ImportOptions(), existingBanks: [], catalog: Support.catalog) {
                _ = ImportReportText().render(report)
                #expect(!report.diagnostics.contains { $0.code == .importMismatch }, "\(Support.lines(report.diagnostics))")
            }
        }
    }

    @Test("mutated workbooks: a table or an error, never a crash")
    func workbooks() throws {
        var random = SplitMix64(seed: 11)
        let workbook = try ImportTemplate.xlsx()
        for _ in 0..<150 {
            let mutated = Self.mutate(workbook, &random)
            _ = TableSource.load(mutated, format: .xlsx, path: "题库.xlsx")
        }
    }
}
