import Foundation
import KaofaCore
import KaofaRender
import Testing

/// Synthetic banks and blueprints for assembly tests.
enum AssemblyFixture {
    /// A bank of single-choice questions: for each (law, difficulty, count), `count` questions with ids `P-law-n`.
    static func bank(_ strata: [(law: String, difficulty: String, type: String, count: Int)]) -> String {
        var text = "---\naudience: 全部\n---\n\n"
        var serial = 0
        for type in ["单项选择题", "判断题"] {
            let rows = strata.filter { $0.type == type }
            guard !rows.isEmpty else { continue }
            text += "## \(type)\n\n"
            for row in rows {
                for _ in 0..<row.count {
                    serial += 1
                    // Stems differ enough that no near-duplicate warning fires.
                    let stem = "第\(serial)题：关于\(row.law)的\(String(serial, radix: 7))号知识点，\(Array("甲乙丙丁戊己庚辛")[serial % 8])类情形的规定是（  ）。"
                    text += "\(serial). \(stem) {#Q-\(String(format: "%04d", serial)) 法律=\(row.law) 难度=\(row.difficulty)}\n"
                    if type == "单项选择题" {
                        text += "A. 选项甲\(serial)\nB. 选项乙\(serial)\nC. 选项丙\(serial)\nD. 选项丁\(serial)\n答案：B\n\n"
                    } else {
                        text += "答案：正确\n\n"
                    }
                }
            }
        }
        return text
    }

    static func blueprint(_ yaml: String, path: String = "蓝图.yaml") -> BlueprintLoader.Result {
        BlueprintLoader.load(path: path, bytes: Array(yaml.utf8), catalog: TestSupport.catalog)
    }

    static func plan(bank: String, blueprint yaml: String) throws -> Result<AssemblyPlan, AssemblyFailure> {
        let compiled = TestSupport.compile(bank)
        #expect(!compiled.hasErrors, "\(compiled.diagnostics)")
        let loaded = blueprint(yaml)
        let blueprint = try #require(loaded.blueprint, "\(loaded.diagnostics)")
        return AssemblyPlan.make(blueprint: blueprint, bank: compiled.questions, catalog: TestSupport.catalog)
    }

    static func header(sections: String) -> String {
        """
        title: 测试卷
        audience: 领导干部
        duration: 60
        total: \(sections.contains("count: 3\n    points: 1") ? 3 : 100)
        pass: 1
        sections:
        \(sections)
        """
    }
}

@Suite("blueprint loading")
struct BlueprintLoaderTests {
    @Test("a complete blueprint resolves every field")
    func complete() throws {
        let loaded = AssemblyFixture.blueprint("""
            title: 2026年度考试
            audience: 村(社区)两委
            duration: 60
            total: 100
            pass: 60
            excellent: 90
            sections:
              - type: 单项选择题
                count: 30
                points: 2
              - type: 多选题
                count: 10
                points: 3
                scoring: 少选得一半
                title: 多项选择题（每题至少两个正确答案）
              - type: 判断题
                count: 10
                points: 1
            law:
              by: points
              宪法: 25%
              党内法规: 20
            difficulty:
              易: 30%
              中: 50%
              难: 20%
            must_cover: [中华人民共和国民法典, 党章]
            require: [XF-0008, 标签:必考]
            exclude: ["#MF-0001"]
            shuffle:
              options: false
            """)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        let blueprint = try #require(loaded.blueprint)
        #expect(blueprint.id == "蓝图")
        #expect(blueprint.audience == .village)
        #expect(blueprint.sections.map(\.type) == [.single, .multiple, .trueFalse])
        #expect(blueprint.sections.map(\.scoring) == [nil, .halfForSubset, nil])
        #expect(blueprint.sections[1].title == "多项选择题（每题至少两个正确答案）")
        #expect(blueprint.sections[0].title == "单项选择题")
        #expect(blueprint.itemCount == 50)
        #expect(blueprint.lawQuota?.measure == .points)
        #expect(blueprint.lawQuota?.entries.map(\.key) == [.law("宪法"), .category("党内法规")])
        #expect(blueprint.lawQuota?.entries.map(\.amount) == [.percent(2500), .exact(2000)])
        #expect(blueprint.difficultyQuota?.entries.map(\.key) == [.easy, .medium, .hard])
        #expect(blueprint.mustCover.map(\.value) == ["民法典", "党章"])
        #expect(blueprint.require.map(\.value) == [.id("XF-0008"), .tag("必考")])
        #expect(blueprint.exclude.map(\.value) == [.id("MF-0001")])
        #expect(blueprint.shuffleQuestions && !blueprint.shuffleOptions)
    }

    /// (YAML, expected "line:col code" of every diagnostic).
    static let broken: [(String, [String])] = [
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsectons:\n  - type: 单选题\n",
         ["1:1 E0602", "6:1 E0603"]),
        ("title: x\naudience: 公务员\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\n",
         ["2:11 E0402"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 4\n    points: 2\n",
         ["4:8 E0606"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 选择题\n    count: 5\n    points: 2\n",
         ["7:11 E0605"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\nlaw:\n  宪发: 2\n",
         ["11:3 E0401"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\n    scoring: 少选得一半\n",
         ["10:5 E0609"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 16\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\n",
         ["5:7 E0611"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\nlaw:\n  行政法: 2\n  行政处罚法: 1\n",
         ["12:3 E0608"]),
        ("title: x\naudience: [领导干部\nduration: 60\n", ["3:9 E0601"]),
        ("title: x\ntitle: y\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\n",
         ["2:1 E0614"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 3\n    points: 2\n  - type: 单项选择题\n    count: 2\n    points: 2\n",
         ["10:11 E0610"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\ndifficulty:\n  易: 60%\n  中: 50%\n",
         ["11:3 E0607"]),
        ("", ["1:1 E0602"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 3\n    points: 2\n  - type: 判断题\n    count: 2\n    count: 3\n    points: 2\n",
         ["12:5 E0614"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\nexclude: #XF-0001\n",
         ["10:9 E0604"]),
        ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\nmust_cover: [宪法，党内法规]\n",
         ["10:14 E0401"]),
    ]

    @Test("broken blueprints: every problem reported at its line and column", arguments: broken.indices)
    func brokenBlueprint(index: Int) {
        let (yaml, expected) = Self.broken[index]
        let loaded = AssemblyFixture.blueprint(yaml)
        let found = loaded.diagnostics.map { "\($0.range.start.line):\($0.range.start.column) \($0.code.rawValue)" }
        #expect(found == expected, "\(loaded.diagnostics.map(\.message))")
        #expect(loaded.blueprint == nil)
    }

    @Test("indentation with a tab is named as such, at the tab")
    func tabIndent() throws {
        let loaded = AssemblyFixture.blueprint("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n\t- type: 单选题\n\t  count: 5\n\t  points: 2\n")
        let diagnostic = try #require(loaded.diagnostics.first)
        #expect(loaded.diagnostics.count == 1)
        #expect(diagnostic.code == .blueprintSyntax && diagnostic.range.start.line == 7 && diagnostic.range.start.column == 1)
        #expect(diagnostic.message.contains("Tab"), "\(diagnostic.message)")
        // A tab inside a value is not indentation, and the YAML error elsewhere keeps YAML's words.
        let other = AssemblyFixture.blueprint("title: \"a\tb\"\naudience: [领导干部\nduration: 60\n")
        #expect(other.diagnostics.map(\.code) == [.blueprintSyntax])
        #expect(other.diagnostics.first.map { !$0.message.contains("Tab") } == true)
    }

    @Test("a key written with a full-width colon is named as such, at the colon")
    func fullWidthColon() throws {
        for (yaml, line, column, key) in [
            ("title：x\naudience: 领导干部\nduration: 60\n", 1, 6, "title"),
            ("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass：6\n", 5, 5, "pass"),
            ("title: x\nlaw:\n  民法典: 10\n  宪法：30%\n  - 党章\n", 4, 5, "宪法"),
            ("title: x\nsections:\n  - type：单选题\n    count: 5\n", 3, 9, "type"),
            // Every key so: YAML reads the file as one piece of text.
            ("title：x\naudience：领导干部\n", 1, 6, "title"),
        ] {
            let loaded = AssemblyFixture.blueprint(yaml)
            let diagnostic = try #require(loaded.diagnostics.first)
            #expect(loaded.diagnostics.count == 1)
            #expect(diagnostic.code == .blueprintSyntax && diagnostic.range.start.line == line && diagnostic.range.start.column == column,
                    "\(diagnostic.range.start)")
            #expect(diagnostic.message.contains("“\(key)”后面的冒号是全角的“：”"), "\(diagnostic.message)")
        }
        // A full-width colon inside a value, a comment or quotes is not a key's; YAML's own error stays.
        let other = AssemblyFixture.blueprint("title: 考试：第一场\n# 说明：注释\nnote: \"甲：乙\"\naudience: [领导干部\nduration: 60\n")
        #expect(other.diagnostics.map(\.code) == [.blueprintSyntax])
        #expect(other.diagnostics.first.map { !$0.message.contains("全角") } == true)
    }

    @Test("an unknown key gets a did-you-mean")
    func didYouMean() throws {
        let loaded = AssemblyFixture.blueprint("title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsectons: []\n")
        let diagnostic = try #require(loaded.diagnostics.first { $0.code == .unknownBlueprintKey })
        #expect(diagnostic.notes.map(\.message) == ["是不是想写 `sections`？"])
    }

    @Test("the digest ignores comments and aliases, and follows values")
    func digest() throws {
        let base = "title: x\naudience: 领导干部\nduration: 60\ntotal: 10\npass: 6\nsections:\n  - type: 单选题\n    count: 5\n    points: 2\n"
        let a = try #require(AssemblyFixture.blueprint(base).blueprint)
        let b = try #require(AssemblyFixture.blueprint("# 注释\n" + base.replacingOccurrences(of: "单选题", with: "单项选择题")).blueprint)
        let c = try #require(AssemblyFixture.blueprint(base.replacingOccurrences(of: "pass: 6", with: "pass: 7")).blueprint)
        #expect(a.digest == b.digest)
        #expect(a.digest != c.digest)
    }
}

@Suite("quota targets")
struct QuotaTargetTests {
    @Test("percentages by the largest-remainder method, ties to the first entry: 30/50/20% of 45 is 14/22/9")
    func largestRemainder() throws {
        let loaded = AssemblyFixture.blueprint("title: x\naudience: 领导干部\nduration: 60\ntotal: 90\npass: 6\nsections:\n  - type: 单选题\n    count: 45\n    points: 2\ndifficulty:\n  易: 30%\n  中: 50%\n  难: 20%\n")
        let quota = try #require(loaded.blueprint?.difficultyQuota)
        #expect(quota.targets(base: 45, unit: 1) == [14, 22, 9, 0])
    }

    @Test("exact counts and percentages together; the rest goes to 其他")
    func mixed() throws {
        let loaded = AssemblyFixture.blueprint("title: x\naudience: 领导干部\nduration: 60\ntotal: 100\npass: 6\nsections:\n  - type: 单选题\n    count: 50\n    points: 2\nlaw:\n  宪法: 10\n  民法典: 25%\n  党内法规: 15%\n")
        let quota = try #require(loaded.blueprint?.lawQuota)
        #expect(quota.targets(base: 50, unit: 1) == [10, 13, 7, 20])
        // By points: 25% of 100 points is 25 points (hundredths).
        #expect(quota.targets(base: 100_00, unit: 100) == [10, 2500, 1500, 100_00 - 10 - 4000])
    }
}

@Suite("paper assembly")
struct AssemblyTests {
    /// Single choice: 宪法 easy ×2, 民法典 easy ×2. True/false: 宪法 easy ×2 only.
    /// The blueprint wants 2 single + 2 true/false with exactly 2 宪法 questions: the only solution puts both 宪法
    /// items in the true/false section. Filling sections one at a time (first fit) takes 宪法 singles first and fails.
    static let greedyTrap = (
        bank: AssemblyFixture.bank([("宪法", "易", "单项选择题", 2), ("民法典", "易", "单项选择题", 2), ("宪法", "易", "判断题", 2)]),
        blueprint: """
            title: 测试卷
            audience: 领导干部
            duration: 30
            total: 4
            pass: 2
            sections:
              - type: 单选题
                count: 2
                points: 1
              - type: 判断题
                count: 2
                points: 1
            law:
              宪法: 2
            """
    )

    @Test("crossed quotas that first-fit cannot fill are solved jointly")
    func beatsGreedy() throws {
        let plan = try AssemblyFixture.plan(bank: Self.greedyTrap.bank, blueprint: Self.greedyTrap.blueprint).get()
        // First fit: each section takes its questions in id order, counting against the law quota as it goes.
        var constitution = 2
        var greedyFilled = 0
        for section in plan.blueprint.sections {
            var taken = 0
            for question in plan.questions where question.type == section.type && taken < section.count {
                let isConstitution = question.law == "宪法"
                if isConstitution && constitution == 0 { continue }
                if isConstitution { constitution -= 1 }
                taken += 1
            }
            greedyFilled += taken
        }
        #expect(greedyFilled < plan.blueprint.itemCount, "the trap should defeat first fit")

        let assembler = PaperAssembler(plan: plan, seed: "greedy", bankDigest: "sha256:test")
        for label in ["A", "B", "C", "D"] {
            let paper = try assembler.paper(for: .variant(label)).get()
            let laws = paper.sections.map { $0.items.map { $0.question.law ?? "" } }
            #expect(laws[0] == ["民法典", "民法典"])
            #expect(laws[1] == ["宪法", "宪法"])
        }
    }

    @Test("short sections and quotas are named with needed and available counts")
    func shortages() throws {
        let bank = AssemblyFixture.bank([("宪法", "易", "单项选择题", 3), ("民法典", "中", "单项选择题", 3)])
        let failure = try #require(try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 测试卷
            audience: 领导干部
            duration: 30
            total: 8
            pass: 2
            sections:
              - type: 单选题
                count: 8
                points: 1
            """).failure())
        #expect(failure.diagnostics.map(\.code) == [.sectionShort])
        #expect(failure.diagnostics.first?.message == "单项选择题需要 8 道，题库中可用于领导干部的只有 6 道")

        let quotaFailure = try #require(try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 测试卷
            audience: 领导干部
            duration: 30
            total: 5
            pass: 2
            sections:
              - type: 单选题
                count: 5
                points: 1
            law:
              宪法: 4
            """).failure())
        #expect(quotaFailure.diagnostics.map(\.code) == [.quotaShort])
        #expect(quotaFailure.diagnostics.first?.message == "“宪法”需要 4 道，最多只能选出 3 道")
        #expect(quotaFailure.diagnostics.first?.range.start.line == 11)
    }

    @Test("quotas that each fit but not together: the diagnostic names the constraint to relax")
    func jointInfeasibility() throws {
        // 宪法 questions are all easy; the paper wants 3 宪法 and only 1 easy question.
        let bank = AssemblyFixture.bank([("宪法", "易", "单项选择题", 4), ("民法典", "中", "单项选择题", 4)])
        let failure = try #require(try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 测试卷
            audience: 领导干部
            duration: 30
            total: 5
            pass: 2
            sections:
              - type: 单选题
                count: 5
                points: 1
            law:
              宪法: 3
            difficulty:
              易: 1
            """).failure())
        #expect(failure.diagnostics.map(\.code) == [.quotasInfeasible])
        let help = failure.diagnostics.first?.notes.last?.message ?? ""
        #expect(help.contains("去掉或放宽难度配额") && help.contains("去掉或放宽法律配额"), "\(help)")
    }

    @Test("within a stratum every subset is equally likely")
    func uniformWithinStrata() throws {
        // 4 宪法 + 4 民法典 singles; papers of 3 with exactly one 宪法: 4 × C(4,2) = 24 papers.
        let bank = AssemblyFixture.bank([("宪法", "易", "单项选择题", 4), ("民法典", "易", "单项选择题", 4)])
        let plan = try AssemblyFixture.plan(bank: bank, blueprint: """
            title: 测试卷
            audience: 领导干部
            duration: 30
            total: 3
            pass: 2
            sections:
              - type: 单选题
                count: 3
                points: 1
            law:
              宪法: 1
            """).get()
        var frequency: [String: Int] = [:]
        let samples = 4_800
        for seed in 0..<samples {
            let assembler = PaperAssembler(plan: plan, seed: "u\(seed)", bankDigest: "sha256:test")
            let paper = try assembler.paper(for: .variant("A")).get()
            frequency[paper.items.compactMap(\.question.id).sorted().joined(separator: ","), default: 0] += 1
        }
        #expect(frequency.count == 24)
        // Expected 200 each; a binomial standard deviation is about 14, so ±70 is five of them.
        for (paper, count) in frequency { #expect(abs(count - 200) < 70, "\(paper): \(count)") }
    }

    @Test("adding an unrelated question changes a paper only where that question wins a place")
    func editStability() throws {
        let blueprint = """
            title: 测试卷
            audience: 领导干部
            duration: 30
            total: 10
            pass: 2
            sections:
              - type: 单选题
                count: 10
                points: 1
            """
        let before = AssemblyFixture.bank([("宪法", "易", "单项选择题", 40)])
        let extra = "\n41. 新增的一道关于宪法的题目，其内容与其他题目完全不同（  ）。 {#Q-9999 法律=宪法 难度=易}\nA. 甲\nB. 乙\n答案：A\n"
        var changed = 0
        for seed in 0..<40 {
            let old = try PaperAssembler(plan: AssemblyFixture.plan(bank: before, blueprint: blueprint).get(), seed: "e\(seed)", bankDigest: "x")
                .paper(for: .variant("A")).get()
            let new = try PaperAssembler(plan: AssemblyFixture.plan(bank: before + extra, blueprint: blueprint).get(), seed: "e\(seed)", bankDigest: "x")
                .paper(for: .variant("A")).get()
            let oldIDs = Set(old.items.compactMap(\.question.id)), newIDs = Set(new.items.compactMap(\.question.id))
            if newIDs.contains("Q-9999") {
                #expect(oldIDs.subtracting(newIDs).count == 1)
                changed += 1
            } else {
                #expect(oldIDs == newIDs)
            }
        }
        #expect(changed > 0 && changed < 40)
    }

    @Test("the same inputs give the same bytes, whatever the order of bank files; another seed another paper")
    func determinism() throws {
        let files = TestSupport.sampleBankFiles()
        let catalog = TestSupport.catalog
        let yaml = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml"), encoding: .utf8)
        let blueprint = try #require(AssemblyFixture.blueprint(yaml, path: "Blueprints/领导干部任前法律知识考试.yaml").blueprint)
        func render(_ files: [(path: String, bytes: [UInt8])], seed: String) throws -> [UInt8] {
            let bank = BankCompiler.compile(raw: files, catalog: catalog, keepSyntax: false).0
            let plan = try AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: catalog).get()
            let paper = try PaperAssembler(plan: plan, seed: seed, bankDigest: BankJSON.digest(bank.questions)).paper(for: .variant("B")).get()
            return PaperJSON.document(paper, catalog: catalog) + KeyJSON.document(paper, catalog: catalog)
        }
        let first = try render(files, seed: "2026-秋季")
        #expect(try render(files.reversed(), seed: "2026-秋季") == first)
        #expect(try render(files, seed: "2026-春季") != first)
    }

    @Test("every key answer points at the option whose text is correct in the bank; papers carry no answers")
    func keysFollowTheShuffle() throws {
        let bank = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog, keepSyntax: false).0
        for name in ["领导干部任前法律知识考试", "行政执法人员法律知识考试", "村(社区)两委法律知识测试"] {
            let path = "Blueprints/\(name).yaml"
            let yaml = try String(contentsOf: TestSupport.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
            let blueprint = try #require(AssemblyFixture.blueprint(yaml, path: path).blueprint)
            let plan = try AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: TestSupport.catalog).get()
            for examinee in 1...20 {
                let paper = try PaperAssembler(plan: plan, seed: "key", bankDigest: "x").paper(for: .examinee(String(examinee))).get()
                #expect(paper.sections.map(\.items.count) == blueprint.sections.map(\.count))
                for item in paper.items + paper.items.flatMap(\.parts) {
                    guard case let .choice(labels) = item.question.answer else { continue }
                    let correct = Set(labels.compactMap { label in item.question.options.first { $0.label == label }?.text })
                    let printed = Set(item.answer.compactMap { label in item.options.first { $0.label == label }?.text })
                    #expect(printed == correct, "\(item.question.id ?? "")")
                    #expect(Set(item.options.map(\.text)) == Set(item.question.options.map(\.text)))
                    for (position, option) in item.question.options.enumerated() where option.pinned {
                        #expect(item.options[position].text == option.text, "pinned option moved in \(item.question.id ?? "")")
                    }
                }
                let json = String(decoding: PaperJSON.document(paper, catalog: TestSupport.catalog), as: UTF8.self)
                for forbidden in ["\"answer\"", "\"explanation\"", "\"acceptable\"", "\"rubric\"", "\"citation\""] {
                    #expect(!json.contains(forbidden), "\(forbidden) in the examinee's paper")
                }
            }
        }
    }
}

extension Result {
    func failure() -> Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
