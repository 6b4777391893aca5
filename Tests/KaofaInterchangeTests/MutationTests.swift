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

    @Test("mutated Moodle XML, GIFT and Aiken (and their markers injected): a report or a diagnostic, never a crash; what is written reads back")
    func questionFormats() throws {
        let xml = [UInt8](try Data(contentsOf: Support.fixture("moodle-foreign.xml")))
        let gift = [UInt8](try Data(contentsOf: Support.fixture("宪法.gift")))
        let aiken = [UInt8](try Data(contentsOf: Support.fixture("宪法.aiken")))
        typealias Run = ([UInt8], String, String, ImportOptions, [(path: String, bytes: [UInt8])], LawCatalog) -> Result<ImportReport, Diagnostic>
        let formats: [([UInt8], Run)] = [(xml, MoodleXMLImporter.run), (gift, GIFTImporter.run), (aiken, AikenImporter.run)]
        let markers = Array("{}=~#%:：｛｝＝～\\\n<>&]]>ANSWER答案：".utf8)
        var random = SplitMix64(seed: 2026)
        for round in 0..<150 {
            for (source, run) in formats {
                var bytes = Self.mutate(source, &random)
                if round % 2 == 0, !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = markers[Int.random(in: 0..<markers.count, using: &random)]
                }
                guard case let .success(report) = run(bytes, "题库", "导入/导入.md", ImportOptions(), [], Support.catalog) else { continue }
                // Every question written reads back as written: as many, and none differs from its source.
                let written = BankCompiler.compile(raw: [("导入/导入.md", Array((report.bankText ?? "").utf8))], catalog: Support.catalog,
                                                   keepSyntax: false).0.questions
                #expect(written.count == report.importedCount)
                #expect(!report.diagnostics.contains { $0.code == .importMismatch }, "\(Support.lines(report.diagnostics))")
            }
        }
    }
}
