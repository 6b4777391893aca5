import Foundation
import Testing

@Suite("kaofa compile")
struct CompileTests {
    /// The top level of a compiled bank, and what each test needs of its questions.
    struct Document {
        var object: [String: Any]
        var schema: String?
        var digest: String?
        var questionCount: Int?
        var questions: [[String: Any]]
        var ids: [String] { questions.compactMap { $0["id"] as? String } }

        init(_ data: Data) throws {
            let parsed = try JSONSerialization.jsonObject(with: data)
            object = try #require(parsed as? [String: Any], "not a JSON object: \(String(decoding: data, as: UTF8.self).prefix(500))")
            schema = object["schema"] as? String
            digest = object["digest"] as? String
            questionCount = object["questionCount"] as? Int
            questions = try #require(object["questions"] as? [[String: Any]], "no questions array")
        }
    }

    static func isDigest(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.wholeMatch(of: #/sha256:[0-9a-f]{64}/#) != nil
    }

    @Test("a bank with errors: exit status 1, errors reported, and no output file")
    func errorsWriteNothing() async throws {
        try await withTemporaryDirectory(files: ["题库.md": try PlantedError.named("E0202").source]) { directory in
            let result = try await kaofa("compile", "题库.md", "-o", "out.json", in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines.first == "题库.md:13:4: error[E0202]: 答案中的“E”没有对应的选项")
            #expect(result.stderrLines.last == "发现 1 个错误，未写出 out.json")
            #expect(!directory.appendingPathComponent("out.json").exists(), "compile wrote a file despite errors")
        }
    }

    @Test("a bank with errors leaves an existing output file untouched")
    func errorsKeepOldOutput() async throws {
        try await withTemporaryDirectory(files: ["题库.md": try PlantedError.named("E0201").source,
                                                 "out.json": "旧内容\n"]) { directory in
            let result = try await kaofa("compile", "题库.md", "-o", "out.json", in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(try directory.appendingPathComponent("out.json").text() == "旧内容\n")
        }
    }

    @Test("a clean bank: exit status 0 and a kaofa.bank/1 document with a digest and every question")
    func writesDocument() async throws {
        try await withTemporaryDirectory(files: ["宪法.md": try Fixtures.text("valid-xianfa.md")]) { directory in
            let result = try await kaofa("compile", "宪法.md", "-o", "out.json", in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines == ["已写出 out.json：3 道题"])
            let document = try Document(Data(contentsOf: directory.appendingPathComponent("out.json")))
            #expect(document.schema == "kaofa.bank/1")
            #expect(Self.isDigest(document.digest), "digest: \(document.digest ?? "nil")")
            #expect(document.questionCount == 3)
            #expect(document.questions.count == 3)
            #expect(document.ids == ["XF-0001", "XF-0002", "XF-0003"])
            #expect(document.questions.map { $0["type"] as? String } == ["single", "single", "true_false"])
            let first = try #require(document.questions.first)
            #expect(first["law"] as? String == "宪法")
            #expect(first["lawName"] as? String == "中华人民共和国宪法")
            #expect(first["article"] as? String == "第二条")
            #expect(first["difficulty"] as? String == "easy")
            #expect(first["stem"] as? String == "中华人民共和国的一切权力属于（  ）。")
            #expect(first["answer"] as? [String] == ["A"])
            #expect(first["audience"] as? [String] == ["领导干部", "行政执法人员", "村两委"])
            let source = try #require(first["source"] as? [String: Any])
            #expect(source["file"] as? String == "宪法.md")
            #expect(source["line"] as? Int == 11)
            #expect(document.questions.last?["answer"] as? [String] == ["正确"])
        }
    }

    @Test("-o - writes the document to standard output")
    func toStandardOutput() async throws {
        try await withTemporaryDirectory(files: ["宪法.md": try Fixtures.text("valid-xianfa.md")]) { directory in
            let piped = try await kaofa("compile", "宪法.md", "-o", "-", in: directory)
            #expect(piped.status == 0, "\(piped)")
            #expect(piped.stderr == "")
            #expect(!directory.appendingPathComponent("-").exists())
            let document = try Document(piped.stdoutData)
            #expect(document.schema == "kaofa.bank/1")
            #expect(document.questionCount == 3)

            let written = try await kaofa("compile", "宪法.md", "-o", "out.json", in: directory)
            #expect(written.status == 0)
            #expect(try Data(contentsOf: directory.appendingPathComponent("out.json")) == piped.stdoutData,
                    "-o - and -o file must produce the same bytes")
        }
    }

    @Test("the digest does not depend on how questions are split over files or ordered")
    func digestIsOrderIndependent() async throws {
        let header = "---\nlaw: 宪法\naudience: 全部\nid-prefix: XF\n---\n\n"
        let q1 = "1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001 难度=易 条文=第二条}\nA. 人民\nB. 中国共产党\nC. 全国人民代表大会\nD. 国务院\n答案：A\n"
        let q2 = "1. 中华人民共和国的根本制度是（  ）。 {#XF-0002 难度=易 条文=第一条}\nA. 社会主义制度\nB. 人民代表大会制度\nC. 民族区域自治制度\nD. 基层群众自治制度\n答案：A\n"
        let q3 = "1. 中华人民共和国实行依法治国，建设社会主义法治国家。 {#XF-0003 难度=易 条文=第五条}\n答案：正确\n"
        func renumbered(_ q: String, _ n: Int) -> String { "\(n)." + q.dropFirst(2) }
        let single = "## 一、单项选择题\n\n"
        let judge = "## 二、判断题\n\n"
        try await withTemporaryDirectory(files: [
            "one/宪法.md": header + single + q1 + "\n" + renumbered(q2, 2) + "\n" + judge + q3,
            // The same questions: the true/false one in the first file, the others reversed in the second.
            "two/a.md": header + "## 判断题\n\n" + q3,
            "two/b.md": header + single + q2 + "\n" + renumbered(q1, 2),
            // A control: one answer changed.
            "three/宪法.md": header + single + q1.replacingOccurrences(of: "答案：A", with: "答案：B") + "\n"
                + renumbered(q2, 2) + "\n" + judge + q3,
        ]) { directory in
            var documents: [Document] = []
            for name in ["one", "two", "three"] {
                let result = try await kaofa("compile", name, "-o", "-", in: directory)
                #expect(result.status == 0, "\(name): \(result)")
                documents.append(try Document(result.stdoutData))
            }
            #expect(documents[0].ids == ["XF-0001", "XF-0002", "XF-0003"])
            #expect(documents[1].ids == ["XF-0003", "XF-0002", "XF-0001"])
            #expect(Self.isDigest(documents[0].digest))
            #expect(documents[0].digest == documents[1].digest)
            #expect(documents[0].digest != documents[2].digest, "changing an answer must change the digest")
        }
    }

    @Test("warnings do not stop compile; --werror does")
    func warningsAndWerror() async throws {
        try await withTemporaryDirectory(files: ["题库.md": try PlantedError.named("W0406").source]) { directory in
            let strict = try await kaofa("compile", "--werror", "题库.md", "-o", "strict.json", in: directory)
            #expect(strict.status == 1, "\(strict)")
            #expect(strict.stderrLines.first == "题库.md:2:6: error[W0406]: 《中华人民共和国合同法》已经废止")
            #expect(!directory.appendingPathComponent("strict.json").exists())

            let plain = try await kaofa("compile", "题库.md", "-o", "out.json", in: directory)
            #expect(plain.status == 0, "\(plain)")
            #expect(plain.stderrLines.first == "题库.md:2:6: warning[W0406]: 《中华人民共和国合同法》已经废止")
            #expect(plain.stderrLines.last == "已写出 out.json：1 道题")
            let document = try Document(Data(contentsOf: directory.appendingPathComponent("out.json")))
            #expect(document.ids == ["HT-0001"])
            #expect(document.questions.first?["law"] as? String == "合同法")
        }
    }

    @Test("an output path in a missing directory: exit status 2")
    func unwritableOutput() async throws {
        try await withTemporaryDirectory(files: ["宪法.md": try Fixtures.text("valid-xianfa.md")]) { directory in
            let result = try await kaofa("compile", "宪法.md", "-o", "没有这个目录/out.json", in: directory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("kaofa: 无法写入 没有这个目录/out.json：") == true, "\(result)")
            #expect(!directory.appendingPathComponent("没有这个目录").exists())
        }
    }
}
