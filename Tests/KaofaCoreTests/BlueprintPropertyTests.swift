import Foundation
import PropertyBased
import Testing
@testable import KaofaCore

/// Random and mutated blueprints never crash the loader or the planner: a blueprint loads only without errors, and
/// every diagnostic points inside the file.
@Suite("Blueprint properties")
struct BlueprintPropertyTests {
    static let fragments = [
        "title: 卷\n", "audience: 领导干部\n", "duration: 60\n", "total: 10\n", "pass: 6\n", "sections:\n", "  - type: 单选题\n",
        "    count: 5\n", "    points: 2\n", "    scoring: 少选得一半\n", "law:\n", "difficulty:\n", "  by: points\n", "  宪法: 30%\n",
        "  易: 2\n", "must_cover: [宪法，民法典]\n", "require: [XF-0001]\n", "exclude: [标签:x]\n", "shuffle: false\n", "- ", ": ",
        "[", "]", "{", "}", "\"", "'", "&a ", "*a", "!!str ", "|\n", ">\n", "\t", "#", "\n", "  ", "％", "１０", "-1", "1e99", "0.333",
    ]

    static let bank = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog, keepSyntax: false).0

    static func check(_ text: String) {
        let result = BlueprintLoader.load(path: "p.yaml", bytes: Array(text.utf8), catalog: TestSupport.catalog)
        let lines = max(text.split(separator: "\n", omittingEmptySubsequences: false).count, 1)
        for diagnostic in result.diagnostics {
            #expect(diagnostic.range.start.line >= 1 && diagnostic.range.start.line <= lines + 1, "\(diagnostic) in \(text.debugDescription)")
        }
        #expect((result.blueprint == nil) == result.diagnostics.hasErrors)
        if let blueprint = result.blueprint, blueprint.itemCount <= 200 {
            // A loaded blueprint plans to a paper or to diagnostics, never a crash.
            switch AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: TestSupport.catalog) {
            case let .success(plan):
                let paper = try? PaperAssembler(plan: plan, seed: "p", bankDigest: "x").paper(for: .variant("A")).get()
                #expect(paper.map { $0.sections.map(\.items.count) } == blueprint.sections.map(\.count))
            case let .failure(failure):
                #expect(failure.diagnostics.hasErrors)
            }
        }
    }

    @Test("random sequences of blueprint fragments never crash")
    func randomFragments() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...(Self.fragments.count - 1)).array(of: 0...40)) { indices in
            Self.check(indices.map { Self.fragments[$0] }.joined())
        }
    }

    @Test("mutated sample blueprints never crash")
    func mutatedSamples() throws {
        let directory = TestSupport.repositoryRoot.appendingPathComponent("Blueprints")
        let samples = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            .map { try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8) }
        var rng = SplitMix64(seed: 4)
        for round in 0..<90 {
            var characters = Array(samples[round % samples.count].unicodeScalars)
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let position = Int(rng.next() % UInt64(characters.count))
                switch rng.next() % 3 {
                case 0: characters.remove(at: position)
                case 1: characters.insert(["\n", ":", " ", "-", "[", "9", "%", "易"][Int(rng.next() % 8)], at: position)
                default: characters[position] = ["0", "x", "\n", " "][Int(rng.next() % 4)]
                }
            }
            Self.check(String(String.UnicodeScalarView(characters)))
        }
    }
}
