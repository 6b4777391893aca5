import Foundation
import Testing

/// One element of `kaofa check --format json` (docs/diagnostics.md, “机器可读的输出”).
struct JSONDiagnostic: Decodable, Equatable {
    struct Note: Decodable, Equatable {
        var kind: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
    }

    var file: String
    var line: Int
    var column: Int
    var endLine: Int
    var endColumn: Int
    var severity: String
    var code: String
    var message: String
    var notes: [Note]
}

@Suite("kaofa check --format json")
struct JSONOutputTests {
    @Test("the duplicate-id example of docs/diagnostics.md, element by element")
    func duplicateIDElement() async throws {
        try await withTemporaryDirectory(files: ["题库.md": PlantedError.named("E0302").source]) { directory in
            let result = try await kaofa("check", "--format", "json", "题库.md", in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderr == "", "no summary or text diagnostics in JSON mode")

            // The raw shape: an array of objects with exactly the documented keys.
            let parsed = try JSONSerialization.jsonObject(with: result.stdoutData)
            let array = try #require(parsed as? [[String: Any]], "stdout is not a JSON array of objects: \(result.stdout)")
            #expect(array.count == 1)
            let element = try #require(array.first)
            #expect(Set(element.keys) == ["file", "line", "column", "endLine", "endColumn", "severity", "code", "message", "notes"])
            let notes = try #require(element["notes"] as? [[String: Any]])
            #expect(notes.count == 2)
            #expect(Set(notes[0].keys) == ["kind", "message", "file", "line", "column"])
            #expect(Set(notes[1].keys) == ["kind", "message"])

            // The values, exactly.
            let decoded = try JSONDecoder().decode([JSONDiagnostic].self, from: result.stdoutData)
            #expect(decoded == [
                JSONDiagnostic(
                    file: "题库.md", line: 12, column: 24, endLine: 12, endColumn: 31,
                    severity: "error", code: "E0302", message: "题目编号“XF-0001”重复",
                    notes: [
                        .init(kind: "note", message: "“XF-0001”第一次用在这里", file: "题库.md", line: 7, column: 26),
                        .init(kind: "help",
                              message: "每道题的编号在整个题库中必须唯一；删除这里的编号后运行 kaofa fmt --assign-ids 可分配新编号"),
                    ]),
            ])
        }
    }

    @Test("every planted problem appears in JSON with the same position, code and exit status as in text",
          arguments: PlantedError.all)
    func matchesText(_ planted: PlantedError) async throws {
        try await withTemporaryDirectory(files: ["题库.md": planted.source]) { directory in
            let result = try await kaofa("check", "--format", "json", "题库.md", in: directory)
            #expect(result.status == planted.status, "\(result)")
            let decoded = try JSONDecoder().decode([JSONDiagnostic].self, from: result.stdoutData)
            let first = try #require(decoded.first)
            let severity = planted.code.hasPrefix("W") ? "warning" : "error"
            #expect("\(first.file):\(first.line):\(first.column): \(severity)[\(first.code)]: \(first.message)"
                    == planted.stderr.first)
            #expect(first.severity == severity)
        }
    }

    @Test("--werror makes the repealed-law warning an error in JSON too")
    func werror() async throws {
        let bank = try PlantedError.named("W0406").source
        try await withTemporaryDirectory(files: ["题库.md": bank]) { directory in
            let result = try await kaofa("check", "--format", "json", "--werror", "题库.md", in: directory)
            #expect(result.status == 1, "\(result)")
            let decoded = try JSONDecoder().decode([JSONDiagnostic].self, from: result.stdoutData)
            #expect(decoded == [
                JSONDiagnostic(
                    file: "题库.md", line: 2, column: 6, endLine: 2, endColumn: 9,
                    severity: "error", code: "W0406", message: "《中华人民共和国合同法》已经废止",
                    notes: [
                        .init(kind: "help", message: "改为引用现行有效的《中华人民共和国民法典》，并核对条文"),
                        .init(kind: "note", message: "《中华人民共和国合同法》已于 2021-01-01 废止，由《中华人民共和国民法典》取代"),
                    ]),
            ])
        }
    }

    @Test("a clean bank gives an empty array")
    func clean() async throws {
        let result = try await kaofa("check", "--format", "json", try Fixtures.url("valid-xianfa.md").path)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "[]\n")
        #expect(result.stderr == "")
    }

    @Test("a missing path in JSON: E0001 at 1:1, exit status 2")
    func missingPath() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await kaofa("check", "--format", "json", "nope.md", in: directory)
            #expect(result.status == 2, "\(result)")
            let decoded = try JSONDecoder().decode([JSONDiagnostic].self, from: result.stdoutData)
            #expect(decoded == [
                JSONDiagnostic(file: "nope.md", line: 1, column: 1, endLine: 1, endColumn: 1,
                               severity: "error", code: "E0001", message: "找不到文件或目录“nope.md”",
                               notes: [.init(kind: "help", message: "检查路径是否写对；题库通常在 Banks/ 目录下")]),
            ])
        }
    }
}
