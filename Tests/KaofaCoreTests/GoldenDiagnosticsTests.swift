import Foundation
import Testing
@testable import KaofaCore

/// The planted-errors fixture against its expected text and JSON output. To regenerate after an intended
/// change, run `KAOFA_UPDATE_GOLDEN=1 swift test --filter GoldenDiagnosticsTests` and review the diff.
@Suite("Golden diagnostics")
struct GoldenDiagnosticsTests {
    static let fixture = "planted-errors.md"

    static func render() throws -> (text: String, json: String) {
        let url = TestSupport.fixtureURL(fixture)
        let bytes = [UInt8](try Data(contentsOf: url))
        let (bank, sources) = BankCompiler.compile(raw: [(path: fixture, bytes: bytes)], catalog: TestSupport.catalog)
        let source = try #require(sources.first)
        let formatter = DiagnosticFormatter(colors: false) { file, line in file == fixture ? source.lineText(line) : nil }
        let text = formatter.format(bank.diagnostics) + DiagnosticFormatter.summary(bank.diagnostics) + "\n"
        return (text, DiagnosticJSON.array(bank.diagnostics).serializedString())
    }

    static func expected(_ name: String, actual: String) throws -> String {
        let url = TestSupport.repositoryRoot.appendingPathComponent("Tests/KaofaCoreTests/Fixtures").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["KAOFA_UPDATE_GOLDEN"] != nil {
            try Data(actual.utf8).write(to: url)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test("text output matches planted-errors.expected.txt")
    func text() throws {
        let actual = try Self.render().text
        #expect(actual == (try Self.expected("planted-errors.expected.txt", actual: actual)))
    }

    @Test("JSON output matches planted-errors.expected.json")
    func json() throws {
        let actual = try Self.render().json
        #expect(actual == (try Self.expected("planted-errors.expected.json", actual: actual)))
    }

    @Test("every planted error is found in one run")
    func everyCode() throws {
        let bytes = [UInt8](try Data(contentsOf: TestSupport.fixtureURL(Self.fixture)))
        let (bank, _) = BankCompiler.compile(raw: [(path: Self.fixture, bytes: bytes)], catalog: TestSupport.catalog)
        let codes = Set(bank.diagnostics.map(\.code))
        let planted: Set<DiagnosticCode> = [
            .unknownAudience, .articleOutOfRange, .repeatedOptionText, .answerLabelWithoutOption, .duplicateID,
            .repealedLaw, .singleAnswerCount, .missingAnswer, .unknownDifficulty, .unknownLaw, .unexpectedLine,
            .tooFewOptions, .invalidTrueFalseAnswer, .optionsNotAllowed, .blankAnswerCountMismatch,
            .fillBlankWithoutBlanks, .emptyStem, .caseWithoutSubQuestions, .caseWithoutMaterial,
            .unterminatedAttributeBlock, .invalidAttribute, .missingID, .brokenNumbering, .duplicateQuestion,
            .invalidSubQuestionType, .multipleAnswerCount,
        ]
        #expect(planted.subtracting(codes).isEmpty, "not reported: \(planted.subtracting(codes).map(\.rawValue).sorted())")
    }
}

/// Large files are parsed and resolved in parts on all cores; the bank must be the same whatever the parts.
@Suite("Compiling in parts")
struct CompileInPartsTests {
    @Test("the sample banks and the planted errors compile to the same bank in parts of any size as in one piece",
          arguments: [(1, Int.max), (3, 5), (7, 17), (64, 40), (.max, 9)])
    func sameBank(partSize: Int, partLines: Int) throws {
        let planted = [UInt8](try Data(contentsOf: TestSupport.fixtureURL(GoldenDiagnosticsTests.fixture)))
        // One bank of all the sample files in one text as well, so that a file has many parts.
        let samples = TestSupport.sampleBankFiles()
        let joined = samples.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        for raw in [samples, [(path: GoldenDiagnosticsTests.fixture, bytes: planted)], [(path: "全部.md", bytes: Array(joined.utf8))],
                    [(path: "边界.md", bytes: Array(ParseInPartsTests.awkward.utf8))]] {
            let whole = BankCompiler.compile(raw: raw, catalog: TestSupport.catalog, keepSyntax: true, partSize: .max, partLines: .max).0
            for keepSyntax in [true, false] {
                let parts = BankCompiler.compile(raw: raw, catalog: TestSupport.catalog, keepSyntax: keepSyntax, partSize: partSize,
                                                 partLines: partLines).0
                #expect(parts.questions == whole.questions)
                #expect(parts.diagnostics == whole.diagnostics)
                #expect(parts.defaults.count == whole.defaults.count)
                if keepSyntax {
                    #expect(parts.files.count == whole.files.count)
                    #expect(ParseInPartsTests.formatted(parts.files) == ParseInPartsTests.formatted(whole.files))
                }
            }
            #expect(!whole.questions.isEmpty)
            if raw[0].path == GoldenDiagnosticsTests.fixture { #expect(whole.diagnostics.count > 20) }
        }
    }
}
