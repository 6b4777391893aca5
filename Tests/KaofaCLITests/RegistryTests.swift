import Foundation
import Testing

/// `kaofa build` records every paper in the registry; `history`, `show` and `reproduce` read it back.
@Suite("registry commands")
struct RegistryTests {
    static func build(_ blueprint: String, seed: String, out: URL, db: URL, bank: String? = nil, _ extra: String...) async throws -> RunResult {
        let root = try Repository.root()
        return try await Kaofa.run(["build", "--bank", bank ?? root.appendingPathComponent("Banks").path,
                                    "--blueprint", root.appendingPathComponent("Blueprints/\(blueprint).yaml").path,
                                    "--seed", seed, "--out", out.path, "--db", db.path] + extra)
    }

    static func paperIDs(_ out: URL) throws -> [String] {
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any])
        return (summary["papers"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test("builds are recorded; history lists builds and papers, newest first, filtered by blueprint and examinee")
    func history() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": "编号,姓名,单位\n2026001,张三,延庆区司法局\n2026002,李四,城关镇\n"]) { directory in
            let db = directory.appendingPathComponent("db/kaofa.sqlite")
            #expect(try await Self.build(BuildTests.blueprints[0], seed: "h1", out: directory.appendingPathComponent("a"), db: db,
                                         "--variants", "2").status == 0)
            #expect(try await Self.build(BuildTests.blueprints[2], seed: "h2", out: directory.appendingPathComponent("b"), db: db,
                                         "--examinees", directory.appendingPathComponent("名单.csv").path).status == 0)
            let builds = try await Kaofa.run(["history", "--db", db.path])
            #expect(builds.status == 0)
            let lines = builds.stdout.split(separator: "\n")
            #expect(lines.count == 2 && lines[0].contains("#2") && lines[0].contains("村(社区)两委法律知识测试（村两委）")
                    && lines[0].contains("种子 h2") && lines[0].contains("2 份试卷") && lines[1].contains("#1"), "\(builds)")
            let leaders = try await Kaofa.run(["history", "--db", db.path, "--blueprint", "任前"])
            #expect(leaders.stdout.split(separator: "\n").count == 1 && leaders.stdout.contains("#1"))

            let examinee = try await Kaofa.run(["history", "--db", db.path, "--examinee", "2026001", "--format", "json"])
            let papers = try #require(try JSONSerialization.jsonObject(with: Data(examinee.stdout.utf8)) as? [[String: Any]])
            let ids = try Self.paperIDs(directory.appendingPathComponent("b"))
            #expect(papers.count == 1 && papers[0]["id"] as? String == ids[0] && papers[0]["name"] as? String == "张三")
            #expect((papers[0]["questions"] as? [String])?.count == 60)  // the 村(社区)两委 test has 60 questions

            let all = try await Kaofa.run(["history", "--db", db.path, "--papers"])
            #expect(all.stdout.split(separator: "\n").count == 4 && all.stdout.contains("考生 2026002 李四（城关镇）"))
            #expect(try await Kaofa.run(["history", "--db", db.path, "--since", "昨天"]).status == 2)
        }
    }

    @Test("show prints where a paper came from and its questions with their option order")
    func show() async throws {
        try await withTemporaryDirectory { directory in
            let db = directory.appendingPathComponent("kaofa.sqlite"), out = directory.appendingPathComponent("out")
            #expect(try await Self.build(BuildTests.blueprints[0], seed: "show", out: out, db: db).status == 0)
            let id = try #require(try Self.paperIDs(out).first)
            let shown = try await Kaofa.run(["show", id, "--db", db.path])
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("试卷 \(id)") && shown.stdout.contains("种子：show　A卷") && shown.stdout.contains("题目（43 道"))
            // The first question and its printed option order, as the paper's JSON has it.
            let paper = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("\(id).paper.json"))) as? [String: Any])
            let first = try #require(((paper["sections"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first)
            #expect(shown.stdout.contains(" 1. \(first["id"] as? String ?? "?")  选项 "), "\(shown.stdout.prefix(600))")
            let missing = try await Kaofa.run(["show", "KF-000000000000", "--db", db.path])
            #expect(missing.status == 1 && missing.stderr.contains("登记库中没有试卷 KF-000000000000"))
        }
    }

    @Test("reproduce regenerates a paper byte for byte; after a bank edit it names the changed question")
    func reproduce() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory { directory in
            let db = directory.appendingPathComponent("kaofa.sqlite"), out = directory.appendingPathComponent("out")
            let bank = directory.appendingPathComponent("Banks")
            try FileManager.default.copyItem(at: root.appendingPathComponent("Banks"), to: bank)
            #expect(try await Self.build(BuildTests.blueprints[1], seed: "rep", out: out, db: db, bank: bank.path, "--examinees", "3").status == 0)
            let id = try #require(try Self.paperIDs(out).last)
            let again = directory.appendingPathComponent("again")
            let run = try await Kaofa.run(["reproduce", id, "--db", db.path, "--bank", bank.path, "--out", again.path])
            #expect(run.status == 0 && run.stdout.contains("与登记的试卷逐字节相同"), "\(run)")
            for kind in ["paper", "key"] {
                #expect(try Data(contentsOf: again.appendingPathComponent("\(id).\(kind).json"))
                        == Data(contentsOf: out.appendingPathComponent("\(id).\(kind).json")))
            }

            // Edit one of the paper's questions: a full stop in its stem.
            let paper = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("\(id).paper.json"))) as? [String: Any])
            let question = try #require(((paper["sections"] as? [[String: Any]])?.first?["items"] as? [[String: Any]])?.first?["id"] as? String)
            var edited = false
            for name in try FileManager.default.contentsOfDirectory(atPath: bank.path) where name.hasSuffix(".md") {
                let url = bank.appendingPathComponent(name)
                var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
                if let index = lines.firstIndex(where: { $0.contains("{#\(question) ") || $0.contains("{#\(question)}") }) {
                    lines[index] = lines[index].replacingOccurrences(of: "（", with: "（（", options: [], range: nil)
                    try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
                    edited = true
                }
            }
            #expect(edited, "question \(question) not found in the bank")
            let changed = try await Kaofa.run(["reproduce", id, "--db", db.path, "--bank", bank.path])
            #expect(changed.status == 1)
            #expect(changed.stderr.contains("1 道已修改（\(question)）") && changed.stderr.contains("题库在试卷 \(id) 生成以后变了"), "\(changed)")
        }
    }

    @Test("builds started together on a new registry all succeed and are all recorded")
    func concurrentBuilds() async throws {
        try await withTemporaryDirectory { directory in
            let db = directory.appendingPathComponent("shared/kaofa.sqlite")
            let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        try await Self.build(BuildTests.blueprints[index % 3], seed: "c\(index)", out: directory.appendingPathComponent("o\(index)"),
                                             db: db, "--examinees", "5", "--format", "json").status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 0, count: 6))
            let history = try await Kaofa.run(["history", "--db", db.path, "--format", "json"])
            let builds = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
            #expect(builds.count == 6 && builds.allSatisfy { $0["papers"] as? Int == 5 })
        }
    }

    static func exposureBlueprint(_ rule: String) -> String {
        """
        title: 曝光测试
        audience: 村两委
        duration: 30
        total: 20
        pass: 12
        sections:
          - type: 判断题
            count: 10
            points: 2
        exposure: \(rule)
        """
    }

    static func questions(_ out: URL) throws -> Set<String> {
        let id = try #require(try paperIDs(out).first)
        let paper = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("\(id).paper.json"))) as? [String: Any])
        return Set((paper["sections"] as? [[String: Any]] ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? String })
    }

    @Test("exposure: questions of earlier papers of the blueprint are kept off, the last N builds only if asked; reproduce still works",
          arguments: TestRegistry.allCases)
    func exposure(registry: TestRegistry) async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory(files: ["曝光测试.yaml": Self.exposureBlueprint("{exclude_used: blueprint}")]) { directory in
            let (db, _, environment) = try registry.open(in: directory)
            let blueprint = directory.appendingPathComponent("曝光测试.yaml")
            func build(_ seed: String) async throws -> (RunResult, URL) {
                let out = directory.appendingPathComponent(seed)
                return (try await Kaofa.run(["build", "--bank", root.appendingPathComponent("Banks").path, "--blueprint", blueprint.path,
                                             "--seed", seed, "--out", out.path, "--db", db, "--format", "json"],
                                            environment: environment), out)
            }
            let (first, firstOut) = try await build("一")
            #expect(first.status == 0 && first.stderr.contains("曝光控制：这个蓝图以前的试卷用过的 0 道题不再使用"), "\(first)")
            let (second, secondOut) = try await build("二")
            #expect(second.status == 0 && second.stderr.contains("用过的 10 道题不再使用"), "\(second)")
            let firstQuestions = try Self.questions(firstOut), secondQuestions = try Self.questions(secondOut)
            #expect(firstQuestions.count == 10 && firstQuestions.isDisjoint(with: secondQuestions))
            let id = try #require(try Self.paperIDs(secondOut).first)
            let reproduced = try await Kaofa.run(["reproduce", id, "--db", db, "--bank", root.appendingPathComponent("Banks").path],
                                                 environment: environment)
            let shown = try await Kaofa.run(["show", id, "--db", db], environment: environment)
            #expect(shown.status == 0 && shown.stdout.contains("种子：二"), "\(shown)")
            let history = try await Kaofa.run(["history", "--db", db], environment: environment)
            #expect(history.status == 0 && RunResult.lines(history.stdout).count == 2 && history.stdout.contains("曝光测试"), "\(history)")
            #expect(reproduced.status == 0 && reproduced.stdout.contains("逐字节相同"), "\(reproduced)")

            // Only the last build counts now: the third paper avoids the second's questions, not necessarily the first's.
            try Self.exposureBlueprint("{exclude_used: blueprint, last_builds: 1}").write(to: blueprint, atomically: true, encoding: .utf8)
            let (third, thirdOut) = try await build("三")
            #expect(third.status == 0 && third.stderr.contains("最近 1 次组卷的试卷用过的 10 道题"), "\(third)")
            #expect(try Self.questions(thirdOut).isDisjoint(with: secondQuestions))

            for (rule, message) in [("{exclude_used: everyone}", "blueprint（同一蓝图）或 audience"), ("{exclude_used: blueprint, since: 昨天}", "应当是日期"),
                                    ("{exclude_used: blueprint, since: 2026-01-01, last_builds: 2}", "只能写一个"), ("{since: 2026-01-01}", "缺少 exclude_used"),
                                    ("{exclude_used: blueprint, days: 3}", "未知的键 `days`"), ("true", "应当写出 exclude_used")] {
                try Self.exposureBlueprint(rule).write(to: blueprint, atomically: true, encoding: .utf8)
                let (bad, _) = try await build("坏")
                #expect(bad.status == 1 && bad.stderr.contains(message), "\(rule): \(bad.stderr)")
            }
        }
    }

    @Test("a build that fails leaves nothing in the registry")
    func failedBuild() async throws {
        try await withTemporaryDirectory { directory in
            let db = directory.appendingPathComponent("kaofa.sqlite")
            let failed = try await Self.build(BuildTests.blueprints[0], seed: "x", out: directory.appendingPathComponent("out"), db: db,
                                              "--variants", "2", "--max-overlap", "0")
            #expect(failed.status == 1)
            let history = try await Kaofa.run(["history", "--db", db.path, "--papers"])
            #expect(history.status == 0 && history.stdout.contains("没有符合条件的试卷"), "\(history)")
        }
    }

    @Test("a registry that cannot be opened stops the build before any work; a PostgreSQL server that is not there is named, without the password")
    func badRegistry() async throws {
        try await withTemporaryDirectory(files: ["not-a-directory": "x"]) { directory in
            let blocked = try await Self.build(BuildTests.blueprints[0], seed: "x", out: directory.appendingPathComponent("out"),
                                               db: directory.appendingPathComponent("not-a-directory/kaofa.sqlite"))
            #expect(blocked.status == 2 && blocked.stderr.contains("登记库"), "\(blocked)")
            #expect(!directory.appendingPathComponent("out").exists())
            let postgres = try await Kaofa.run(["history", "--db", "postgres://kaofa:secret@127.0.0.1:1/kaofa"])
            #expect(postgres.status == 2 && postgres.stderr.contains("无法连接登记库 postgres://kaofa@127.0.0.1:1/kaofa：连接被拒绝")
                && !postgres.stderr.contains("secret"), "\(postgres)")
            let badAddress = try await Kaofa.run(["history", "--db", "postgres://kaofa@db/kaofa?sslmode=always"])
            #expect(badAddress.status == 2 && badAddress.stderr.contains("sslmode=always"), "\(badAddress)")
            let passwordFile = try await Kaofa.run(["history", "--db", directory.appendingPathComponent("kaofa.sqlite").path,
                                                    "--db-password-file", "pw"])
            #expect(passwordFile.status == 2 && passwordFile.stderr.contains("只用于 PostgreSQL"), "\(passwordFile)")
        }
    }
}
