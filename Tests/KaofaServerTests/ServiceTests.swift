import Foundation
import Hummingbird
import HummingbirdTesting
import KaofaCore
import KaofaServer
import KaofaStore
import Testing

/// The JSON service over HTTP (Hummingbird's test client on a live loopback server): papers without answers, the
/// same paper for the same request, recorded once, the key only with the token, and problem details for every
/// kind of bad request — never a 500.
@Suite("JSON service")
struct ServiceTests {
    static let token = "correct-horse-battery-staple-2026"

    static func repository() -> URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return url
    }

    /// A live server on the sample banks and blueprints, with a registry of its own.
    static func withService(token: String? = token, bank: URL? = nil,
                            _ body: @Sendable (any TestClientProtocol, SQLiteRegistry) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-service-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let registry = try SQLiteRegistry(path: directory.appendingPathComponent("kaofa.sqlite").path)
        let catalog = try LawCatalog.shipped.get()
        let root = repository()
        let banks = [(bank ?? root.appendingPathComponent("Banks")).path], blueprints = root.appendingPathComponent("Blueprints").path
        let state = try ServiceState.load(banks: banks, blueprintsDirectory: blueprints, registry: registry, catalog: catalog).get()
        let service = KaofaService(state: state, registry: registry, adminToken: token) {
            ServiceState.load(banks: banks, blueprintsDirectory: blueprints, registry: registry, catalog: catalog)
        }
        try await service.application(host: "127.0.0.1", port: 0) { _ in }.test(.live) { client in try await body(client, registry) }
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body))
    }

    static let leaders = "领导干部任前法律知识考试"

    @Test("health, blueprints and the OpenAPI description")
    func discovery() async throws {
        try await Self.withService { client, _ in
            let health = try Self.object(try await client.execute(uri: "/health", method: .get))
            #expect(health["status"] as? String == "ok" && (health["bankDigest"] as? String)?.hasPrefix("sha256:") == true)
            #expect((health["blueprints"] as? [[String: Any]])?.count == 3)
            let list = try await client.execute(uri: "/blueprints", method: .get)
            let blueprints = try #require(try JSONSerialization.jsonObject(with: Data(list.body.readableBytesView)) as? [[String: Any]])
            #expect(blueprints.compactMap { $0["id"] as? String }.contains(Self.leaders))
            let one = try await client.execute(uri: "/blueprints/\(Self.leaders)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!, method: .get)
            #expect(one.status == .ok)
            #expect((try Self.object(one)["sections"] as? [[String: Any]])?.count == 5)
            let missing = try await client.execute(uri: "/blueprints/nope", method: .get)
            #expect(missing.status == .notFound && missing.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let openAPI = try await client.execute(uri: "/openapi.yaml", method: .get)
            let description = String(buffer: openAPI.body)
            #expect(openAPI.status == .ok && description.hasPrefix("openapi: 3.1.0"))
            // Every route the service answers is described, and nothing else.
            let described = description.split(separator: "\n").filter { $0.hasPrefix("  /") }.map { String($0.dropFirst(2).dropLast()) }
            #expect(described.sorted() == ["/admin/reload", "/blueprints", "/blueprints/{id}", "/check", "/health", "/openapi.yaml",
                                           "/papers", "/papers/{id}", "/papers/{id}/key", "/papers/{id}/responses", "/schemas/{name}"])
            // Every schema the description refers to is served next to it, so that it resolves from the server.
            let references = Set(description.matches(of: /\$ref: '(schemas\/[^']+)'/).map { String($0.1) })
            #expect(references.count >= 4)
            for reference in references {
                let schema = try await client.execute(uri: "/" + reference, method: .get)
                #expect(schema.status == .ok && schema.headers[.contentType] == "application/schema+json", "\(reference)")
                let object = try #require(try JSONSerialization.jsonObject(with: Data(schema.body.readableBytesView)) as? [String: Any])
                #expect(object["$schema"] != nil, "\(reference)")
            }
            for missing in ["/schemas/nope.schema.json", "/schemas/openapi.yaml", "/schemas/..%2Fopenapi.yaml"] {
                #expect(try await client.execute(uri: missing, method: .get).status == .notFound, "\(missing)")
            }
            for path in ["/admin/reload", "/check", "/papers", "/papers/KF-000000000000/responses"] {
                #expect(try await client.execute(uri: path, method: .post).status != .notFound, "\(path) is not routed")
            }
        }
    }

    @Test("a paper for an examinee: no answers in it, the same paper again for the same request, recorded once")
    func papers() async throws {
        try await Self.withService { client, registry in
            let request = #"{"blueprint":"\#(Self.leaders)","seed":"2026-秋季","examinee":"2026001","name":"张三","unit":"延庆区司法局"}"#
            let first = try await Self.post(client, "/papers", request)
            #expect(first.status == .ok)
            let paper = try Self.object(first)
            let id = try #require(paper["id"] as? String)
            #expect(first.headers[.location] == "/papers/\(id)")
            #expect(paper["schema"] as? String == "kaofa.paper/1")
            let text = String(buffer: first.body)
            for leaked in ["\"answer\"", "\"explanation\"", "\"key\"", "解析："] { #expect(!text.contains(leaked), "\(leaked) in the paper") }
            let second = try await Self.post(client, "/papers", request)
            #expect(second.body == first.body)
            // The same examinee under another name: the paper issued stands.
            let renamed = try await Self.post(client, "/papers", request.replacingOccurrences(of: "张三", with: "张山"))
            #expect(renamed.status == .conflict && String(buffer: renamed.body).contains("张三"), "\(String(buffer: renamed.body))")
            #expect(try registry.papers(HistoryFilter()).filter { $0.id == id }.count == 1)
            let fetched = try await client.execute(uri: "/papers/\(id)", method: .get)
            #expect(fetched.status == .ok && fetched.body == first.body)
            let other = try await Self.post(client, "/papers", #"{"blueprint":"\#(Self.leaders)","seed":"2026-秋季","examinee":"2026002"}"#)
            #expect(try Self.object(other)["id"] as? String != id)
            let variant = try await Self.post(client, "/papers", #"{"blueprint":"\#(Self.leaders)","seed":"2026-秋季"}"#)
            // Variant A of the README's build.
            #expect(try Self.object(variant)["id"] as? String == "KF-56b5d73484c0")
            // null is the same as leaving an optional field out (docs/openapi.yaml, PaperRequest).
            let nulls = try await Self.post(client, "/papers", #"{"blueprint":"\#(Self.leaders)","seed":"2026-秋季","variant":null,"examinee":null,"name":null}"#)
            #expect(nulls.status == .ok && nulls.body == variant.body)

            // A blueprint without a case question: written straight from the draw. Fetched again through the full
            // paper, it is the same bytes; the registry has its questions in printed order.
            let village = try await Self.post(client, "/papers", #"{"blueprint":"村(社区)两委法律知识测试","seed":"v","examinee":"88","unit":"城关镇"}"#)
            let villageID = try #require(try Self.object(village)["id"] as? String)
            let again = try await client.execute(uri: "/papers/\(villageID)", method: .get)
            #expect(again.body == village.body)
            let printed = (try Self.object(village)["sections"] as? [[String: Any]] ?? []).flatMap { $0["items"] as? [[String: Any]] ?? [] }
                .compactMap { $0["id"] as? String }
            let record = try #require(try registry.paper(id: villageID))
            #expect(record.paper.items.map(\.questionID) == printed && printed.count == 60)
            #expect(record.paper.examineeUnit == "城关镇")
        }
    }

    @Test("the key needs the admin token: 401 without or with a wrong one, the key with it; 403 when none is set")
    func key() async throws {
        try await Self.withService { client, _ in
            let paper = try Self.object(try await Self.post(client, "/papers", #"{"blueprint":"\#(Self.leaders)","seed":"k","variant":"B"}"#))
            let id = try #require(paper["id"] as? String)
            let anonymous = try await client.execute(uri: "/papers/\(id)/key", method: .get)
            #expect(anonymous.status == .unauthorized && anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let wrong = try await client.execute(uri: "/papers/\(id)/key", method: .get, headers: [.authorization: "Bearer \(Self.token)x"])
            #expect(wrong.status == .unauthorized)
            let admitted = try await client.execute(uri: "/papers/\(id)/key", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(admitted.status == .ok)
            let key = try Self.object(admitted)
            #expect(key["schema"] as? String == "kaofa.key/1" && key["paperId"] as? String == id, "\(key.keys)")
            #expect(!String(buffer: anonymous.body).contains(Self.token) && !String(buffer: wrong.body).contains(Self.token))
            let unknown = try await client.execute(uri: "/papers/KF-000000000000/key", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(unknown.status == .notFound)
        }
        try await Self.withService(token: nil) { client, _ in
            let paper = try Self.object(try await Self.post(client, "/papers", #"{"blueprint":"\#(Self.leaders)","seed":"k"}"#))
            let response = try await client.execute(uri: "/papers/\(paper["id"] as? String ?? "")/key", method: .get,
                                                    headers: [.authorization: "Bearer anything"])
            #expect(response.status == .forbidden)
        }
    }

    @Test("an answer sheet is scored with the blueprint's rules and recorded once; a different second sheet is refused")
    func responses() async throws {
        try await Self.withService { client, _ in
            let created = try Self.object(try await Self.post(client, "/papers",
                                                              #"{"blueprint":"行政执法人员法律知识考试","seed":"s","examinee":"7001"}"#))
            let id = try #require(created["id"] as? String)
            let key = try Self.object(try await client.execute(uri: "/papers/\(id)/key", method: .get,
                                                               headers: [.authorization: "Bearer \(Self.token)"]))
            // Every objective item answered from the key; case parts as 46.1, 46.2 ….
            var answers: [String: Any] = [:]
            for item in key["items"] as? [[String: Any]] ?? [] {
                let number = item["number"] as? Int ?? 0
                if let parts = item["parts"] as? [[String: Any]], !parts.isEmpty {
                    for part in parts where part["type"] as? String != "short_answer" {
                        answers["\(number).\(part["number"] as? Int ?? 0)"] = part["answer"]
                    }
                } else if item["type"] as? String != "short_answer" {
                    answers["\(number)"] = item["answer"]
                }
            }
            #expect(answers.count > 40)
            let sheet = String(decoding: try JSONSerialization.data(withJSONObject: ["examinee": "7001", "answers": answers]), as: UTF8.self)
            let scored = try await Self.post(client, "/papers/\(id)/responses", sheet)
            #expect(scored.status == .ok, "\(String(buffer: scored.body))")
            let score = try Self.object(scored)
            #expect(score["schema"] as? String == "kaofa.score/1" && score["passed"] as? Bool == true)
            #expect((score["objectivePoints"] as? Int ?? 0) + (score["pendingPoints"] as? Int ?? 0) == 100, "\(score)")
            #expect(!String(buffer: scored.body).contains("\"answer\""), "the score must not give the key away")
            let again = try await Self.post(client, "/papers/\(id)/responses", sheet)
            #expect(again.status == .ok && again.body == scored.body)
            // The offline sheet shape, with its paperId, is the same sheet when the id is the URL's; another is refused.
            let offline = String(decoding: try JSONSerialization.data(withJSONObject: ["paperId": id, "examinee": "7001", "answers": answers]), as: UTF8.self)
            let same = try await Self.post(client, "/papers/\(id)/responses", offline)
            #expect(same.status == .ok && same.body == scored.body, "\(String(buffer: same.body))")
            let elsewhere = try await Self.post(client, "/papers/\(id)/responses", #"{"paperId":"KF-000000000000","examinee":"7001","answers":{}}"#)
            #expect(elsewhere.status == .unprocessableContent)
            #expect((try Self.object(elsewhere)["errors"] as? [[String: Any]])?.first?["field"] as? String == "paperId")
            let different = try await Self.post(client, "/papers/\(id)/responses", #"{"examinee":"7001","answers":{"1":["A"]}}"#)
            #expect(different.status == .conflict)
            let stranger = try await Self.post(client, "/papers/\(id)/responses", #"{"examinee":"9999","answers":{}}"#)
            #expect(stranger.status == .unprocessableContent)
            let unknownItem = try await Self.post(client, "/papers/\(id)/responses", #"{"examinee":"7001","answers":{"999":["A"]}}"#)
            let problem = try Self.object(unknownItem)
            #expect(unknownItem.status == .unprocessableContent
                    && (problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "answers.999", "\(problem)")
            let wrongShape = try await Self.post(client, "/papers/\(id)/responses", #"{"examinee":"7001","answers":{"1":"A"}}"#)
            #expect(wrongShape.status == .unprocessableContent)
            let noPaper = try await Self.post(client, "/papers/KF-000000000000/responses", #"{"examinee":"1","answers":{}}"#)
            #expect(noPaper.status == .notFound)
        }
    }

    @Test("reload: a bank with errors is refused with its diagnostics and the old bank served on; a sound one is taken")
    func reload() async throws {
        let bank = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-reload-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.repository().appendingPathComponent("Banks"), to: bank)
        defer { try? FileManager.default.removeItem(at: bank) }
        try await Self.withService(bank: bank) { client, _ in
            let before = try Self.object(try await client.execute(uri: "/health", method: .get))["bankDigest"] as? String
            #expect(try await client.execute(uri: "/admin/reload", method: .post).status == .unauthorized)
            let file = bank.appendingPathComponent("宪法.md")
            let original = try String(contentsOf: file, encoding: .utf8)
            try (original + "\n\n## 单项选择题\n\n99. 坏题（  ）。 {#XF-9999}\nA. 甲\nB. 乙\n答案：E\n").write(to: file, atomically: true, encoding: .utf8)
            let refused = try await client.execute(uri: "/admin/reload", method: .post, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(refused.status == .unprocessableContent)
            let diagnostics = try Self.object(refused)["diagnostics"] as? [[String: Any]] ?? []
            #expect(diagnostics.contains { $0["code"] as? String == "E0202" }, "\(String(buffer: refused.body))")
            #expect(try Self.object(try await client.execute(uri: "/health", method: .get))["bankDigest"] as? String == before)

            try (original + "\n\n## 判断题\n\n99. 宪法是国家的根本法。 {#XF-9999 对象=全部}\n答案：正确\n").write(to: file, atomically: true, encoding: .utf8)
            let taken = try await client.execute(uri: "/admin/reload", method: .post, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(taken.status == .ok, "\(String(buffer: taken.body))")
            let after = try Self.object(try await client.execute(uri: "/health", method: .get))
            #expect(after["bankDigest"] as? String != before && after["questions"] as? Int == 508)
        }
    }

    @Test("bad requests get problem details with the field at fault, never a 500", arguments: [
        ("", 400, "malformed-request"),
        ("{", 400, "malformed-request"),
        ("[1,2]", 400, "malformed-request"),
        ("\"text\"", 400, "malformed-request"),
        ("{}", 422, "blueprint"),
        (#"{"blueprint":"领导干部任前法律知识考试"}"#, 422, "seed"),
        (#"{"blueprint":42,"seed":"s"}"#, 422, "blueprint"),
        (#"{"blueprint":"不存在的蓝图","seed":"s"}"#, 422, "blueprint"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":""}"#, 422, "seed"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":"s","variant":"AB"}"#, 422, "variant"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":"s","variant":"A","examinee":"1"}"#, 422, "variant"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":"s","name":"张三"}"#, 422, "name"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":"s","extra":true}"#, 422, "extra"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":["s"]}"#, 422, "seed"),
        (#"{"blueprint":"领导干部任前法律知识考试","seed":null}"#, 422, "seed"),
    ])
    func badRequests(body: String, status: Int, field: String) async throws {
        try await Self.withService { client, _ in
            let response = try await Self.post(client, "/papers", body)
            #expect(Int(response.status.code) == status, "\(body): \(response.status)")
            #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let problem = try Self.object(response)
            #expect(problem["status"] as? Int == status && (problem["title"] as? String)?.isEmpty == false)
            if status == 422 {
                let fields = (problem["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains(field), "\(body): \(fields)")
            } else {
                #expect((problem["type"] as? String)?.hasSuffix(field) == true)
            }
        }
    }

    @Test("huge bodies are refused with 413; unknown paths and methods are problems; the server stays up")
    func hostile() async throws {
        try await Self.withService { client, _ in
            let huge = String(repeating: "x", count: 200_000)
            let large = try await Self.post(client, "/papers", #"{"blueprint":"\#(huge)"}"#)
            #expect(large.status == .contentTooLarge)
            let unknown = try await client.execute(uri: "/nothing-here", method: .get)
            #expect(unknown.status == .notFound && unknown.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            // A path that exists with a method it does not take: 405 and the methods it does (RFC 9110).
            for (path, method, allow) in [("/papers", HTTPRequest.Method.delete, "POST"), ("/health", .post, "GET"),
                                          ("/papers/KF-000000000000", .put, "GET"), ("/admin/reload", .get, "POST")] {
                let response = try await client.execute(uri: path, method: method)
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == allow, "\(method) \(path)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            #expect(try await client.execute(uri: "/papers/KF-000000000000/nope", method: .get).status == .notFound)
            let badID = try await client.execute(uri: "/papers/%00%FF..%2F", method: .get)
            #expect(badID.status == .notFound)
            let deep = try await Self.post(client, "/papers", String(repeating: "[", count: 50_000))
            #expect(deep.status == .badRequest)
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
        }
    }

    @Test("POST /check answers with the diagnostics JSON of kaofa check")
    func check() async throws {
        try await Self.withService { client, _ in
            let bank = "---\nlaw: 宪法\n---\n\n## 单项选择题\n\n1. 中华人民共和国的一切权力属于（  ）。 {#XF-9001}\nA. 人民\nB. 政府\n答案：E\n"
            let response = try await client.execute(uri: "/check", method: .post, body: ByteBuffer(string: bank))
            #expect(response.status == .ok)
            let diagnostics = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            #expect(diagnostics.contains { $0["code"] as? String == "E0202" }, "\(diagnostics)")
            let clean = try await client.execute(uri: "/check", method: .post,
                                                 body: ByteBuffer(string: bank.replacingOccurrences(of: "答案：E", with: "答案：A")))
            #expect(String(buffer: clean.body) == "[]")
            let empty = try await client.execute(uri: "/check", method: .post)
            #expect(empty.status == .badRequest && empty.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }
}
