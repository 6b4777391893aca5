import Foundation
import Testing

/// `kaofa analyze` on a simulated exam in which one question is keyed wrongly on purpose: the bank says 二十岁 for
/// DN-0001 (党章第一条: 年满十八岁), the strong examinees answer 十八岁, and the question must top the flags.
@Suite("analyze command")
struct AnalyzeTests {
    @Test("the mis-keyed question is flagged first, in the terminal, in the JSON and in the report")
    func misKeyed() async throws {
        let root = try Repository.root()
        var bank = try String(contentsOf: root.appendingPathComponent("Banks/党内法规.md"), encoding: .utf8)
        let start = try #require(bank.range(of: "{#DN-0001 "))
        let answer = try #require(bank.range(of: "答案：B", range: start.upperBound..<bank.endIndex))
        bank.replaceSubrange(answer, with: "答案：C")
        var blueprint = try String(contentsOf: root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml"), encoding: .utf8)
        blueprint = blueprint.replacingOccurrences(of: "require: [XF-0008]", with: "require: [XF-0008, DN-0001]")
        let roster = "编号,姓名,单位\n" + (0..<60).map { "E\($0),人员\($0),\($0 % 3 == 0 ? "司法局" : "城管局")" }.joined(separator: "\n") + "\n"
        var files = ["名单.csv": roster, "蓝图.yaml": blueprint, "Banks/党内法规.md": bank]
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Banks").path) where name != "党内法规.md" {
            files["Banks/\(name)"] = try String(contentsOf: root.appendingPathComponent("Banks/\(name)"), encoding: .utf8)
        }
        try await withTemporaryDirectory(files: files) { directory in
            let built = try await Kaofa.run(["build", "--bank", "Banks", "--blueprint", "蓝图.yaml", "--seed", "analyze",
                                             "--examinees", "名单.csv", "--format", "json", "--out", "papers"], in: directory)
            #expect(built.status == 0, "\(built)")
            // Strong examinees (E0–E29) answer every objective item by the key, except DN-0001, where they choose 十八岁;
            // weak ones answer only every other item right and choose the mis-key 二十岁 or 十六岁 on DN-0001.
            var lines: [String] = []
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("papers").path).sorted()
            where name.hasSuffix(".paper.json") {
                let paper = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("papers/\(name)"))) as? [String: Any])
                let key = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("papers/\(name.replacingOccurrences(of: ".paper.json", with: ".key.json"))"))) as? [String: Any])
                let examinee = try #require((paper["examinee"] as? [String: Any])?["id"] as? String)
                let strong = Int(examinee.dropFirst())! < 30
                var keyByNumber: [Int: [String]] = [:]
                for item in key["items"] as? [[String: Any]] ?? [] { keyByNumber[item["number"] as? Int ?? 0] = item["answer"] as? [String] }
                var answers: [String: [String]] = [:]
                for section in paper["sections"] as? [[String: Any]] ?? [] {
                    for item in section["items"] as? [[String: Any]] ?? [] {
                        let number = item["number"] as? Int ?? 0, type = item["type"] as? String ?? ""
                        guard ["single", "multiple", "true_false"].contains(type), let right = keyByNumber[number] else { continue }
                        let options = (item["options"] as? [[String: Any]] ?? []).map { ($0["label"] as? String ?? "", $0["text"] as? String ?? "") }
                        if item["id"] as? String == "DN-0001" {
                            let text = strong ? "十八岁" : number % 2 == 0 ? "二十岁" : "十六岁"
                            answers["\(number)"] = [try #require(options.first { $0.1 == text }?.0)]
                        } else if strong || number % 2 == 0 {
                            answers["\(number)"] = right
                        } else if type == "true_false" {
                            answers["\(number)"] = [right == ["正确"] ? "错误" : "正确"]
                        } else if let wrong = options.first(where: { !right.contains($0.0) }) {
                            answers["\(number)"] = [wrong.0]
                        } else {
                            answers["\(number)"] = Array(right.dropLast())  // every option right: leave one out
                        }
                    }
                }
                lines.append(try ScoreTests.line(paper["id"], examinee, answers))
            }
            try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("答卷.jsonl"), atomically: true, encoding: .utf8)

            let analyzed = try await Kaofa.run(["analyze", "--papers", "papers", "--responses", "答卷.jsonl", "-o", "分析.json"], in: directory)
            #expect(analyzed.status == 0, "\(analyzed)")
            let flaggedLines = analyzed.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            #expect(flaggedLines.first?.hasPrefix("  DN-0001  通过率 ") == true, "\(analyzed.stdout.prefix(800))")
            #expect(analyzed.stdout.contains("答案很可能错了") && analyzed.stdout.contains("「十八岁」50%") && analyzed.stdout.contains("「二十岁」"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("分析.json"))) as? [String: Any])
            let first = try #require((json["flagged"] as? [[String: Any]])?.first)
            #expect(first["questionId"] as? String == "DN-0001" && (first["flags"] as? [String])?.first == "likely-wrong-key")

            let report = try await Kaofa.run(["report", "--roster", "名单.csv", "--papers", "papers", "--responses", "答卷.jsonl",
                                              "--blueprint", "蓝图.yaml", "--out", "统计", "--allow-pending"], in: directory)
            #expect(report.status == 0 && report.stderr.contains("最需要核对的是 DN-0001"), "\(report)")
            let html = try directory.appendingPathComponent("统计/report.html").text()
            #expect(html.contains("<h2>试题分析</h2>") && html.contains("答案很可能错了"))
        }
    }
}
