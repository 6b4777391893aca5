import Foundation
import KaofaRender
import Testing
@testable import KaofaCore

/// The paper contracts: kaofa.paper/1 and kaofa.key/1 against their schemas, the compact fast path equal to the
/// plain writer, and golden papers that pin the randomness contract for fixed seeds.
@Suite("Paper contracts")
struct PaperContractTests {
    static func plans() throws -> [(name: String, plan: AssemblyPlan, digest: String)] {
        let bank = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog, keepSyntax: false).0
        let digest = BankJSON.digest(bank.questions)
        return try ["领导干部任前法律知识考试", "行政执法人员法律知识考试", "村(社区)两委法律知识测试"].map { name in
            let path = "Blueprints/\(name).yaml"
            let yaml = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
            let blueprint = try #require(AssemblyFixture.blueprint(yaml, path: path).blueprint)
            return (name, try AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: TestSupport.catalog).get(), digest)
        }
    }

    static func schema(_ name: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("docs/schemas/\(name)")))
    }

    @Test("papers and keys of every sample blueprint conform to their schemas; a paper with an answer does not")
    func schemas() throws {
        let paperSchema = try Self.schema("kaofa.paper.schema.json"), keySchema = try Self.schema("kaofa.key.schema.json")
        for (_, plan, digest) in try Self.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "schema", bankDigest: digest)
            for subject in [Randomness.Subject.variant("A"), .examinee("42")] {
                let paper = try assembler.paper(for: subject).get()
                let paperJSON = try JSONSerialization.jsonObject(with: Data(PaperJSON.document(paper, catalog: TestSupport.catalog)))
                let keyJSON = try JSONSerialization.jsonObject(with: Data(KeyJSON.document(paper, catalog: TestSupport.catalog)))
                #expect(SchemaValidator(root: paperSchema).validate(paperJSON).isEmpty)
                #expect(SchemaValidator(root: keySchema).validate(keyJSON).isEmpty)
                // The schema can fail: an answer slipped into an item is rejected.
                var leaked = try #require(paperJSON as? [String: Any])
                var sections = try #require(leaked["sections"] as? [[String: Any]])
                var items = try #require(sections[0]["items"] as? [[String: Any]])
                items[0]["answer"] = ["A"]
                sections[0]["items"] = items
                leaked["sections"] = sections
                #expect(!SchemaValidator(root: paperSchema).validate(leaked).isEmpty)
            }
        }
    }

    @Test("compact papers and keys of a draw, from pre-serialised pieces, equal the plain writer's, byte for byte")
    func piecesEqualPlainWriter() throws {
        var covered = 0
        for (_, plan, digest) in try Self.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "pieces", bankDigest: digest)
            let pieces = QuestionPieces(assembler: assembler, catalog: TestSupport.catalog)
            let workspace = assembler.makeWorkspace()
            for examinee in 1...30 {
                let person = examinee.isMultiple(of: 3) ? Examinee(id: String(examinee), name: "张三", unit: "司法局") : nil
                let drawn = try assembler.draw(.examinee(String(examinee)), in: workspace)
                let paper = assembler.paper(drawn, examinee: person)
                // The same paper as drawn without a workspace.
                #expect(PaperJSON.document(paper, catalog: TestSupport.catalog)
                    == PaperJSON.document(try assembler.paper(for: .examinee(String(examinee)), examinee: person).get(), catalog: TestSupport.catalog))
                guard pieces.covers(drawn) else { continue }
                covered += 1
                var fast = JSONWriter(pretty: false), plain = JSONWriter(pretty: false)
                PaperJSON.write(drawn, examinee: person, pieces: pieces, into: &fast)
                PaperJSON.write(paper, catalog: TestSupport.catalog, into: &plain)
                #expect(fast.bytes == plain.bytes)
                fast.reset()
                plain.reset()
                KeyJSON.write(drawn, examinee: person, pieces: pieces, into: &fast)
                KeyJSON.write(paper, catalog: TestSupport.catalog, into: &plain)
                #expect(fast.bytes == plain.bytes)
            }
        }
        // The 村(社区)两委 blueprint has no case question: its papers take the fast path; the others' keep the plain one.
        #expect(covered == 30)
    }

    /// Golden papers: the exact paper and key for fixed seeds. A change here is a change of the randomness
    /// contract or of the bank — bump `Randomness.generator` if it is the algorithm. Regenerate with
    /// `KAOFA_UPDATE_GOLDEN=1 swift test --filter PaperContractTests`.
    @Test("golden papers for fixed seeds")
    func goldenPapers() throws {
        let bank = TestSupport.compile(AssemblyFixture.bank([
            ("宪法", "易", "单项选择题", 6), ("宪法", "难", "单项选择题", 3), ("民法典", "中", "单项选择题", 6),
            ("宪法", "易", "判断题", 4), ("民法典", "难", "判断题", 4),
        ]))
        let loaded = AssemblyFixture.blueprint("""
            title: 金样试卷
            audience: 村两委
            duration: 30
            total: 14
            pass: 9
            sections:
              - type: 单选题
                count: 5
                points: 2
              - type: 判断题
                count: 4
                points: 1
            law:
              宪法: 5
            difficulty:
              难: 3
            """, path: "金样.yaml")
        let plan = try AssemblyPlan.make(blueprint: try #require(loaded.blueprint), bank: bank.questions, catalog: TestSupport.catalog).get()
        let assembler = PaperAssembler(plan: plan, seed: "2026-golden", bankDigest: BankJSON.digest(bank.questions))
        var rendered = ""
        for subject in [Randomness.Subject.variant("A"), .variant("B"), .examinee("517")] {
            let paper = try assembler.paper(for: subject).get()
            rendered += String(decoding: PaperJSON.document(paper, catalog: TestSupport.catalog), as: UTF8.self)
            rendered += String(decoding: KeyJSON.document(paper, catalog: TestSupport.catalog), as: UTF8.self)
        }
        let url = TestSupport.repositoryRoot.appendingPathComponent("Tests/KaofaCoreTests/Fixtures/golden-papers.json")
        if ProcessInfo.processInfo.environment["KAOFA_UPDATE_GOLDEN"] != nil {
            try Data(rendered.utf8).write(to: url)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(rendered == expected, "the golden papers changed; see the comment above this test")
    }
}
