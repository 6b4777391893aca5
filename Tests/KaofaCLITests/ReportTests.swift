import Foundation
import Testing

/// `kaofa report` as a teacher runs it after `kaofa score`: a roster of several units in two regions, a score table,
/// the blueprint — and report.json, report.html and report.pdf whose figures match a count done here by hand.
@Suite("report command")
struct ReportTests {
    static let roster = """
        编号,姓名,单位,市(州),县(市、区)
        001,张三,司法局,凉山州,西昌市
        002,李四,司法局,凉山州,西昌市
        003,王五,司法局,凉山州,西昌市
        004,赵六,城管局,凉山州,会理市
        005,钱七,城管局,凉山州,会理市
        006,孙八,教育局,攀枝花市,东区

        """
    // Full marks 100, pass 60, excellent 90 (the leaders' blueprint).
    static let scores = """
        编号,总分,待阅分值,满分
        001,92,0,100
        002,58.5,0,100
        004,75,0,100
        006,60,0,100
        999,88,0,100

        """

    static func blueprint() throws -> String {
        try Repository.root().appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml").path
    }

    @Test("report.json has the figures counted by hand; report.html and report.pdf show them")
    func report() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster, "成绩.csv": Self.scores]) { directory in
            let formats = BuildTests.chromiumAvailable ? "json,html,pdf,xlsx" : "json,html,xlsx"
            let run = try await Kaofa.run(["report", "--roster", "名单.csv", "--scores", "成绩.csv", "--blueprint", try Self.blueprint(),
                                           "--out", "统计", "--format", formats], in: directory)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("应考 6 人，实考 4 人，参考率 66.67%，及格率 75.00%，优秀率 25.00%，平均分 71.38"), "\(run.stderr)")
            #expect(run.stderr.contains("编号 999 有成绩，但不在名单上") && run.stderr.contains("3 个单位，其中参考率低于 90.00% 的 2 个"))
            let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("统计/report.json"))) as? [String: Any])
            let units = try #require(report["units"] as? [[String: Any]])
            #expect(units.map { $0["name"] as? String } == ["司法局", "城管局", "教育局"])
            // 司法局, 西昌市: 3 enrolled, 2 examined (92, 58.5), 1 passed, 1 excellent.
            #expect(units[0]["enrolled"] as? Int == 3 && units[0]["examined"] as? Int == 2 && units[0]["passed"] as? Int == 1)
            #expect((units[0]["participationRate"] as? NSNumber)?.doubleValue == 0.6667 && (units[0]["meanScore"] as? NSNumber)?.doubleValue == 75.25)
            #expect((units[0]["medianScore"] as? NSNumber)?.doubleValue == 75.25 && (units[0]["minScore"] as? NSNumber)?.doubleValue == 58.5)
            #expect((units[1]["participationRate"] as? NSNumber)?.doubleValue == 0.5 && (units[2]["participationRate"] as? NSNumber)?.doubleValue == 1)
            let regions = try #require(report["regions"] as? [[String: Any]])
            #expect(regions.map { $0["name"] as? String } == ["凉山州", "西昌市", "会理市", "攀枝花市", "东区"])
            #expect(regions[0]["examined"] as? Int == 3 && (regions[0]["passRate"] as? NSNumber)?.doubleValue == 0.6667)
            #expect((report["lowParticipation"] as? [[String: Any]])?.map { $0["name"] as? String } == ["城管局", "司法局"])
            #expect((report["unlisted"] as? [[String: Any]])?.first?["id"] as? String == "999")
            let absent = (report["absent"] as? [[String: Any]])?.flatMap { ($0["examinees"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
            #expect(absent == ["003", "005"])

            let workbook = try Data(contentsOf: directory.appendingPathComponent("统计/report.xlsx"))
            #expect(workbook.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let html = try directory.appendingPathComponent("统计/report.html").text()
            #expect(html.contains("<svg") && !html.contains("<script") && html.contains("66.67%") && html.contains("钱七（005）"))
            if BuildTests.chromiumAvailable {
                let (text, pages) = try BuildTests.pdfText(directory.appendingPathComponent("统计/report.pdf"))
                #expect(pages >= 1 && text.contains("参考率低于 90.00% 的单位") && text.contains("攀枝花市") && text.contains("71.38"), "\(text.prefix(400))")
            }
        }
    }

    @Test("bad input: duplicate roster ids, a second score, pending items — reported by line, nothing written")
    func badInput() async throws {
        let duplicate = Self.roster + "001,张三,司法局,凉山州,西昌市\n"
        try await withTemporaryDirectory(files: ["名单.csv": duplicate, "成绩.csv": Self.scores,
                                                 "成绩2.csv": "编号,总分,待阅分值\n001,80,0\n003,50,10\n"]) { directory in
            let roster = try await Kaofa.run(["report", "--roster", "名单.csv", "--scores", "成绩.csv", "--blueprint", try Self.blueprint(),
                                              "--out", "统计"], in: directory)
            #expect(roster.status == 1 && roster.stderr.contains("名单.csv:8:1: error[E0709]: 编号 001 重复（第 2 行已有）"), "\(roster.stderr)")
            #expect(!directory.appendingPathComponent("统计").exists())

            try Self.roster.write(to: directory.appendingPathComponent("名单.csv"), atomically: true, encoding: .utf8)
            let twice = try await Kaofa.run(["report", "--roster", "名单.csv", "--scores", "成绩.csv", "成绩2.csv",
                                             "--blueprint", try Self.blueprint(), "--out", "统计"], in: directory)
            #expect(twice.status == 1 && twice.stderr.contains("成绩2.csv:2:1: error[E0911]: 编号 001 有两个成绩"), "\(twice.stderr)")
            #expect(twice.stderr.contains("成绩2.csv:3:1: error[E0913]") && !directory.appendingPathComponent("统计").exists())

            // Excel on Chinese Windows saves GBK: read as it is.
            let gbk: [UInt8] = [0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0xD7, 0xDC, 0xB7, 0xD6, 0x0A] + Array("001,92\n".utf8)  // 编号,总分 in GB18030
            try Data(gbk).write(to: directory.appendingPathComponent("gbk.csv"))
            let encoded = try await Kaofa.run(["report", "--roster", "名单.csv", "--scores", "gbk.csv",
                                               "--blueprint", try Self.blueprint(), "--out", "统计"], in: directory)
            #expect(encoded.status == 0 && encoded.stderr.contains("应考 6 人，实考 1 人"), "\(encoded.stderr)")
            // Not a table at all.
            try Data([0x50, 0x4B, 0x03, 0x04, 0x00]).write(to: directory.appendingPathComponent("坏.xlsx"))
            let broken = try await Kaofa.run(["report", "--roster", "坏.xlsx", "--scores", "成绩.csv",
                                              "--blueprint", try Self.blueprint(), "--out", "统计3"], in: directory)
            #expect(broken.status == 2 && broken.stderr.contains("无法读取“坏.xlsx”") && !directory.appendingPathComponent("统计3").exists())
        }
    }
}

/// `kaofa report --db`: the sheets `kaofa serve` scored and recorded, reported without any file in between.
@Suite("report from the registry")
struct RegistryReportTests {
    @Test("responses posted to kaofa serve are counted by kaofa report --db", arguments: TestRegistry.allCases)
    func fromRegistry(registry: TestRegistry) async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory(files: ["名单.csv": "编号,姓名,单位\nS1,张三,司法局\nS2,李四,司法局\nS3,王五,城管局\n"]) { directory in
            let (db, label, environment) = try registry.open(in: directory)
            let server = try ServeTests.Server(arguments: ["--bank", root.appendingPathComponent("Banks").path,
                                                           "--blueprints", root.appendingPathComponent("Blueprints").path, "--db", db],
                                               environment: environment.merging(["KAOFA_ADMIN_TOKEN": "kaofa-test-token-0123456789"]) { $1 },
                                               log: directory.appendingPathComponent("serve.log"))
            // S1 answers nothing, S2 answers item 1 from the key; S3 never sits.
            var objective: [String: Double] = [:]
            for examinee in ["S1", "S2"] {
                let created = try await server.request("/papers", method: "POST",
                                                       body: #"{"blueprint":"领导干部任前法律知识考试","seed":"登记","examinee":"\#(examinee)"}"#)
                let id = try #require((try JSONSerialization.jsonObject(with: created.body) as? [String: Any])?["id"] as? String)
                let key = try await server.request("/papers/\(id)/key", token: "kaofa-test-token-0123456789")
                let first = try #require(((try JSONSerialization.jsonObject(with: key.body) as? [String: Any])?["items"] as? [[String: Any]])?.first)
                let answers = examinee == "S1" ? "{}" : #"{"1":\#(String(decoding: try JSONSerialization.data(withJSONObject: first["answer"] ?? []), as: UTF8.self))}"#
                let scored = try await server.request("/papers/\(id)/responses", method: "POST", body: #"{"examinee":"\#(examinee)","answers":\#(answers)}"#)
                #expect(scored.status == 200, "\(String(decoding: scored.body, as: UTF8.self))")
                objective[examinee] = ((try JSONSerialization.jsonObject(with: scored.body) as? [String: Any])?["objectivePoints"] as? NSNumber)?.doubleValue
            }
            #expect(server.stop() == 0)
            #expect(objective["S1"] == 0 && (objective["S2"] ?? 0) > 0)

            let report = try await Kaofa.run(["report", "--roster", "名单.csv", "--db", db, "--allow-pending",
                                              "--blueprint", root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml").path,
                                              "--out", "统计", "--format", "json"], in: directory, environment: environment)
            #expect(report.status == 0, "\(report)")
            #expect(report.stderr.contains("成绩来自登记库 \(label)：2 份答卷") && report.stderr.contains("应考 3 人，实考 2 人，参考率 66.67%"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("统计/report.json"))) as? [String: Any])
            let overall = try #require(json["overall"] as? [String: Any])
            #expect((overall["maxScore"] as? NSNumber)?.doubleValue == objective["S2"] && (overall["minScore"] as? NSNumber)?.doubleValue == 0)
            #expect(json["pendingExaminees"] as? Int == 2)

            let empty = try await Kaofa.run(["report", "--roster", "名单.csv", "--db", db,
                                             "--blueprint", root.appendingPathComponent("Blueprints/行政执法人员法律知识考试.yaml").path,
                                             "--out", "统计2"], in: directory, environment: environment)
            #expect(empty.status == 1 && empty.stderr.contains("没有组卷方案“行政执法人员法律知识考试”的试卷的答卷"))
        }
    }
}

/// `exposure: {max_rate: …}` on per-examinee builds: refused before any paper when the bank cannot keep it.
@Suite("exposure rate")
struct ExposureRateBuildTests {
    @Test("a bound the sample bank cannot keep stops the build with E0710; one it can keep is reported")
    func maxRate() async throws {
        let root = try Repository.root()
        let blueprint = try String(contentsOf: root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml"), encoding: .utf8)
        try await withTemporaryDirectory(files: [
            "严.yaml": blueprint + "exposure: {max_rate: 10%}\n", "宽.yaml": blueprint + "exposure: {max_rate: 60%}\n",
        ]) { directory in
            func build(_ name: String, _ extra: [String]) async throws -> RunResult {
                try await Kaofa.run(["build", "--bank", root.appendingPathComponent("Banks").path, "--blueprint", name, "--seed", "曝光",
                                     "--format", "json", "--out", "out-\(name)"] + extra, in: directory)
            }
            let strict = try await build("严.yaml", ["--examinees", "20"])
            #expect(strict.status == 1 && strict.stderr.contains("严.yaml:") && strict.stderr.contains("error[E0710]"), "\(strict)")
            #expect(strict.stderr.contains("超过曝光率上限 10%") && !directory.appendingPathComponent("out-严.yaml").exists())
            let loose = try await build("宽.yaml", ["--examinees", "20"])
            #expect(loose.status == 0 && loose.stderr.contains("（上限 60%）"), "\(loose)")
            // Variants are not bounded.
            #expect(try await build("严.yaml", ["--variants", "2"]).status == 0)
        }
    }
}
