import Foundation
import Testing

/// `kaofa score`: per-examinee papers built for a roster, answer sheets written from their keys, scored offline; bad
/// sheets refused at their lines with nothing written; marks for written items merged in.
@Suite("score command")
struct ScoreTests {
    static let roster = "编号,姓名,单位\n001,张三,延庆区司法局\n002,李四,城关镇\n003,王五,城关镇\n"

    /// Builds one paper per roster entry of the leaders' blueprint into `out`; returns the keys by examinee.
    static func build(in directory: URL) async throws -> [String: [String: Any]] {
        let root = try Repository.root()
        let out = directory.appendingPathComponent("papers")
        let built = try await Kaofa.run(["build", "--bank", root.appendingPathComponent("Banks").path,
                                         "--blueprint", root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml").path,
                                         "--seed", "score", "--examinees", directory.appendingPathComponent("名单.csv").path,
                                         "--format", "json", "--out", out.path])
        #expect(built.status == 0, "\(built)")
        var keys: [String: [String: Any]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: out.path) where name.hasSuffix(".key.json") {
            let key = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(name))) as? [String: Any])
            let examinee = try #require((key["examinee"] as? [String: Any])?["id"] as? String)
            keys[examinee] = key
        }
        return keys
    }

    /// Every objective item answered from the key (case parts as `43.1`), or, with `wrong`, the first objective item
    /// answered wrongly.
    static func answers(_ key: [String: Any], wrongFirst: Bool = false) -> [String: [String]] {
        var answers: [String: [String]] = [:]
        for item in key["items"] as? [[String: Any]] ?? [] {
            let number = item["number"] as? Int ?? 0, type = item["type"] as? String ?? ""
            if ["single", "multiple", "true_false"].contains(type) { answers["\(number)"] = item["answer"] as? [String] }
            for part in item["parts"] as? [[String: Any]] ?? [] where ["single", "multiple", "true_false"].contains(part["type"] as? String ?? "") {
                answers["\(number).\(part["number"] as? Int ?? 0)"] = part["answer"] as? [String]
            }
        }
        if wrongFirst, let right = answers["1"]?.first {
            answers["1"] = [["A", "B", "C", "D"].first { $0 != right }!]
        }
        return answers
    }

    static func line(_ paperID: Any?, _ examinee: String, _ answers: [String: [String]]) throws -> String {
        let object: [String: Any] = ["paperId": paperID as? String ?? "", "examinee": examinee, "answers": answers]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The CSV as rows of cells (the fields kaofa writes never contain commas here).
    static func table(_ url: URL) throws -> [[String: String]] {
        var text = try url.text()
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = text.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test("Ctrl-C while the scores are being written leaves no temporary file and the old scores as they were; a killed run's temporary file is removed by the next")
    func interrupted() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster, "成绩.csv": "旧的成绩\n"]) { directory in
            _ = try await Self.build(in: directory)
            // What a kaofa killed with SIGKILL left beside the output: its process is gone. One of a live process stays.
            let finished = Process()
            finished.executableURL = URL(fileURLWithPath: "/bin/true")
            try finished.run()
            finished.waitUntilExit()
            let abandoned = directory.appendingPathComponent(".成绩.csv.kaofa-\(finished.processIdentifier).tmp")
            let live = directory.appendingPathComponent(".成绩.csv.kaofa-\(getpid()).tmp")
            for file in [abandoned, live] { try "半截".write(to: file, atomically: false, encoding: .utf8) }
            // The answer sheets come through a named pipe that nobody writes: the command waits there, its temporary
            // file open, until it is interrupted.
            let pipe = directory.appendingPathComponent("答卷.jsonl")
            #expect(mkfifo(pipe.path, 0o600) == 0)
            let process = Process()
            process.executableURL = try Kaofa.executable()
            process.currentDirectoryURL = directory
            process.arguments = ["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "成绩.csv"]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let temporary = directory.appendingPathComponent(".成绩.csv.kaofa-\(process.processIdentifier).tmp")
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning, !temporary.exists() { try await Task.sleep(for: .milliseconds(20)) }
            #expect(temporary.exists(), "the temporary file never appeared")
            #expect(!abandoned.exists(), "the killed run's temporary file is still there")
            #expect(live.exists())
            kill(process.processIdentifier, SIGINT)
            let stop = Date().addingTimeInterval(30)
            while Date() < stop, process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                Issue.record("kaofa score did not stop on SIGINT")
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationReason == .exit && process.terminationStatus == 130, "\(process.terminationStatus) \(stderr)")
            #expect(stderr.contains("已中断"), "\(stderr)")
            #expect(!temporary.exists())
            #expect(try String(contentsOf: directory.appendingPathComponent("成绩.csv"), encoding: .utf8) == "旧的成绩\n")
        }
    }

    @Test("sheets from the keys score every objective point; one wrong answer costs its points; rows in sheet order")
    func scores() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster]) { directory in
            let keys = try await Self.build(in: directory)
            let (k1, k2) = (try #require(keys["001"]), try #require(keys["002"]))
            let sheets = [try Self.line(k2["paperId"], "002", Self.answers(k2, wrongFirst: true)),
                          try Self.line(k1["paperId"], "001", Self.answers(k1)),
                          try Self.line(keys["003"]?["paperId"], "003", [:])].joined(separator: "\n") + "\n"
            try sheets.write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)
            let scored = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "成绩.csv"], in: directory)
            #expect(scored.status == 0, "\(scored)")
            #expect(scored.stderr == "已评分 3 份答卷：及格 2 人，优秀 0 人；3 份含待阅的简答或案例题，已写出 成绩.csv\n")
            let rows = try Self.table(directory.appendingPathComponent("成绩.csv"))
            #expect(rows.map { $0["编号"] } == ["002", "001", "003"])
            #expect(rows[1]["姓名"] == "张三" && rows[1]["单位"] == "延庆区司法局" && rows[1]["试卷编号"] == k1["paperId"] as? String)
            // 001 answered every objective item right: what is not scored is exactly what waits for a marker.
            let full = rows[1]
            let objective = try #require(Double(full["客观题得分"] ?? "")), pending = try #require(Double(full["待阅分值"] ?? ""))
            #expect(abs(objective + pending - 100) < 0.001 && pending > 0, "\(full)")
            for item in k1["items"] as? [[String: Any]] ?? [] where ["single", "multiple", "true_false"].contains(item["type"] as? String ?? "") {
                #expect(full["\(item["number"] as? Int ?? 0)"] == "\(item["points"] as? Int ?? -1)")
            }
            // 002: the same but item 1 wrong.
            let firstPoints = try #require(((k2["items"] as? [[String: Any]])?.first?["points"]) as? Int)
            #expect(rows[0]["1"] == "0" && Double(rows[0]["客观题得分"] ?? "") == 100 - Double(rows[0]["待阅分值"] ?? "")! - Double(firstPoints))
            // 003 answered nothing.
            #expect(rows[2]["客观题得分"] == "0" && rows[2]["及格"] == "否" && rows[2]["1"] == "0")

            // The same sheets as kaofa.score/1 lines.
            let standardOutput = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "-"], in: directory)
            let written = try Data(contentsOf: directory.appendingPathComponent("成绩.csv"))
            #expect(standardOutput.status == 0 && standardOutput.stdoutData == written)
            let json = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "成绩.jsonl"], in: directory)
            #expect(json.status == 0)
            let documents = try directory.appendingPathComponent("成绩.jsonl").text().split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(documents.map { $0["examinee"] as? String } == ["002", "001", "003"])
            #expect(documents[1]["schema"] as? String == "kaofa.score/1" && (documents[1]["objectivePoints"] as? NSNumber)?.doubleValue == objective)
        }
    }

    @Test("CSV sheets typed from answer sheets, in UTF-8 or GBK, score as the same JSON sheets do")
    func csvSheets() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster]) { directory in
            let keys = try await Self.build(in: directory)
            let k1 = try #require(keys["001"])
            let answers = Self.answers(k1, wrongFirst: true)
            let numbers = answers.keys.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            let paperID = k1["paperId"] as? String ?? ""
            let header: String = "编号,试卷编号," + numbers.map { "第\($0)题" }.joined(separator: ",")
            let cells: [String] = numbers.map { answers[$0]?.joined() ?? "" }
            let csv: String = header + "\n001," + paperID + "," + cells.joined(separator: ",") + "\n"
            try csv.write(to: directory.appendingPathComponent("答卷.csv"), atomically: true, encoding: .utf8)
            try (try Self.line(k1["paperId"], "001", answers) + "\n").write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)
            #expect(try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.csv", "-o", "a.csv"], in: directory).status == 0)
            #expect(try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "b.csv"], in: directory).status == 0)
            #expect(try directory.appendingPathComponent("a.csv").text() == directory.appendingPathComponent("b.csv").text())
            #expect(try Self.table(directory.appendingPathComponent("a.csv"))[0]["1"] == "0")
            // Saved by Excel's plain “CSV” on Chinese Windows (GBK): read the same.
            try #require(csv.data(using: ImportTests.gb18030)).write(to: directory.appendingPathComponent("答卷-gbk.csv"))
            let gbk = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷-gbk.csv", "-o", "c.csv"], in: directory)
            #expect(gbk.status == 0, "\(gbk)")
            #expect(try directory.appendingPathComponent("c.csv").text() == directory.appendingPathComponent("b.csv").text())
        }
    }

    @Test("bad sheets are refused at their lines and nothing is written; --keep-going scores the rest")
    func badSheets() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster]) { directory in
            let keys = try await Self.build(in: directory)
            let (k1, k2) = (try #require(keys["001"]), try #require(keys["002"]))
            let sheets = [try Self.line(k1["paperId"], "001", Self.answers(k1)),
                          try Self.line(k1["paperId"], "002", [:]),                 // someone else's paper
                          try Self.line("KF-000000000000", "003", [:]),            // no such paper
                          try Self.line(k2["paperId"], "002", ["1": ["Z"]]),        // no option Z
                          try Self.line(k1["paperId"], "001", [:]),                 // a second sheet
                          String(try Self.line(k2["paperId"], "002", [:]).dropLast(3))]  // truncated
                .joined(separator: "\n")
            try sheets.write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)
            let refused = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "成绩.csv"], in: directory)
            #expect(refused.status == 1)
            for (line, code) in [(2, "E0906"), (3, "E0904"), (4, "E0905"), (5, "E0907"), (6, "E0903")] {
                #expect(refused.stderr.contains(try Regex("答卷.jsonl:\(line):[0-9]+: error\\[\(code)\\]")), "\(line) \(code): \(refused.stderr)")
            }
            #expect(refused.stderr.contains("第 1 题没有选项 Z") && refused.stderr.contains("被截断"))
            // Reported in file order.
            let lines = refused.stderr.split(separator: "\n").filter { $0.hasPrefix("答卷.jsonl:") && $0.contains("error[") }.map { $0.split(separator: ":")[1] }
            #expect(lines == ["2", "3", "4", "5", "6"])
            #expect(!directory.appendingPathComponent("成绩.csv").exists())

            let kept = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "成绩.csv", "--keep-going"], in: directory)
            #expect(kept.status == 1)
            #expect(try Self.table(directory.appendingPathComponent("成绩.csv")).map { $0["编号"] } == ["001"])
            #expect(kept.stderr.hasSuffix("已评分 1 份答卷：及格 1 人，优秀 0 人；1 份含待阅的简答或案例题；另有 5 个问题未计入，已写出 成绩.csv\n"), "\(kept.stderr)")

            // A papers directory without keys, or without anything, is refused before any sheet is read.
            try FileManager.default.removeItem(at: directory.appendingPathComponent("papers/\(k1["paperId"] as? String ?? "").key.json"))
            let missingKey = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl"], in: directory)
            #expect(missingKey.status == 1 && missingKey.stderr.contains("error[E0901]") && missingKey.stderr.contains("旁边没有它的答案"))
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("empty"), withIntermediateDirectories: true)
            let empty = try await Kaofa.run(["score", "--papers", "empty", "--responses", "答卷.jsonl"], in: directory)
            #expect(empty.status == 2 && empty.stderr.contains("error[E0902]"))
        }
    }

    @Test("papers regenerated from bank, blueprint and seed score exactly as the papers' files do; a wrong seed is refused")
    func regenerated() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster]) { directory in
            let keys = try await Self.build(in: directory)
            let sheets = try ["001", "002", "003"].map { try Self.line(keys[$0]?["paperId"], $0, Self.answers(try #require(keys[$0]), wrongFirst: $0 == "002")) }
            try (sheets.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)
            let root = try Repository.root()
            let regenerate = ["--bank", root.appendingPathComponent("Banks").path,
                              "--blueprint", root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml").path]
            #expect(try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "a.csv"], in: directory).status == 0)
            let again = try await Kaofa.run(["score"] + regenerate + ["--seed", "score", "--roster", "名单.csv", "--responses", "答卷.jsonl", "-o", "b.csv"], in: directory)
            #expect(again.status == 0, "\(again)")
            #expect(try directory.appendingPathComponent("a.csv").text() == directory.appendingPathComponent("b.csv").text())
            let wrongSeed = try await Kaofa.run(["score"] + regenerate + ["--seed", "另一个", "--responses", "答卷.jsonl", "-o", "c.csv"], in: directory)
            #expect(wrongSeed.status == 1 && wrongSeed.stderr.contains("error[E0904]") && wrongSeed.stderr.contains("按题库、组卷方案和种子为这位考生生成的试卷不是它"))
            #expect(!directory.appendingPathComponent("c.csv").exists())
            // The papers made again carry no names: a CSV sheet's 姓名 and 单位 fill the table, and a roster comes first.
            let paperID = try #require(keys["001"]?["paperId"] as? String)
            try "编号,姓名,单位,试卷编号,1\n001,张三丰,城关镇,\(paperID),A\n".write(to: directory.appendingPathComponent("答卷.csv"), atomically: true, encoding: .utf8)
            #expect(try await Kaofa.run(["score"] + regenerate + ["--seed", "score", "--responses", "答卷.csv", "-o", "d.csv"], in: directory).status == 0)
            let named = try Self.table(directory.appendingPathComponent("d.csv"))
            #expect(named.first?["姓名"] == "张三丰" && named.first?["单位"] == "城关镇", "\(named)")
            #expect(try await Kaofa.run(["score"] + regenerate + ["--seed", "score", "--roster", "名单.csv", "--responses", "答卷.csv", "-o", "e.csv"], in: directory).status == 0)
            let rostered = try Self.table(directory.appendingPathComponent("e.csv"))
            #expect(rostered.first?["姓名"] == "张三" && rostered.first?["单位"] == "延庆区司法局", "\(rostered)")
        }
    }

    @Test("a long sheet file is read in batches: every problem keeps its own line number across batch ends")
    func batches() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster]) { directory in
            let keys = try await Self.build(in: directory)
            var lines = Array(repeating: "", count: 9_000)
            lines[0] = try Self.line(keys["001"]?["paperId"], "001", Self.answers(try #require(keys["001"])))
            lines[4_999] = try Self.line(keys["002"]?["paperId"], "002", ["1": ["Z"]])
            lines[8_998] = #"{"paperId":"KF-1","examinee""#
            lines[8_999] = try Self.line(keys["003"]?["paperId"], "003", [:])
            try lines.joined(separator: "\n").write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)
            let run = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "成绩.csv", "--keep-going"], in: directory)
            #expect(run.status == 1)
            #expect(run.stderr.contains("答卷.jsonl:5000:1: error[E0905]") && run.stderr.contains("答卷.jsonl:8999:"), "\(run.stderr)")
            #expect(try Self.table(directory.appendingPathComponent("成绩.csv")).map { $0["编号"] } == ["001", "003"])
        }
    }

    @Test("a marker's points for written items are merged; marks for objective items or above the maximum are refused")
    func marks() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": Self.roster]) { directory in
            let keys = try await Self.build(in: directory)
            let k1 = try #require(keys["001"])
            // The written top-level items of 001's paper and their points.
            let written = (k1["items"] as? [[String: Any]] ?? []).filter { $0["type"] as? String == "short_answer" }
                .map { ("\($0["number"] as? Int ?? 0)", $0["points"] as? Int ?? 0) }
            #expect(written.count >= 1)
            try (try Self.line(k1["paperId"], "001", Self.answers(k1)) + "\n").write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)
            let marks = "编号," + written.map(\.0).joined(separator: ",") + "\n001," + written.map { "\($0.1)" }.joined(separator: ",") + "\n"
            try marks.write(to: directory.appendingPathComponent("阅卷.csv"), atomically: true, encoding: .utf8)
            let merged = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "--marks", "阅卷.csv", "-o", "成绩.csv"], in: directory)
            #expect(merged.status == 0, "\(merged)")
            let row = try #require(try Self.table(directory.appendingPathComponent("成绩.csv")).first)
            let markedTotal = written.reduce(0) { $0 + $1.1 }
            #expect(row["阅卷得分"] == "\(markedTotal)")
            #expect(Double(row["总分"] ?? "") == Double(row["客观题得分"] ?? "")! + Double(markedTotal))
            for (number, points) in written { #expect(row[number] == "\(points)") }

            let tooMuch = "编号,1," + written[0].0 + "\n001,2,\(written[0].1 + 1)\n"
            try tooMuch.write(to: directory.appendingPathComponent("阅卷.csv"), atomically: true, encoding: .utf8)
            let refused = try await Kaofa.run(["score", "--papers", "papers", "--responses", "答卷.jsonl", "--marks", "阅卷.csv", "-o", "成绩2.csv"], in: directory)
            #expect(refused.status == 1 && refused.stderr.contains("阅卷.csv:2:1: error[E0909]"))
            #expect(refused.stderr.contains("第 1 题是客观题") && refused.stderr.contains("超过了满分"))
            #expect(!directory.appendingPathComponent("成绩2.csv").exists())
        }
    }
}
