import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresSupport
import Testing

/// `kaofa serve` as an operator runs it: started on a free loopback port, asked over HTTP, stopped with SIGTERM,
/// started again — and the same paper comes back.
@Suite("kaofa serve")
struct ServeTests {
    /// A running `kaofa serve` and the port it listens on.
    final class Server {
        let process = Process()
        let log: URL
        var port = 0

        init(arguments: [String], environment: [String: String], log: URL) throws {
            self.log = log
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = try Kaofa.executable()
            process.arguments = ["serve", "--port", "0"] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            let handle = try FileHandle(forWritingTo: log)
            process.standardError = handle
            process.standardOutput = handle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try handle.close()
            // The server says where it listens once it does.
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if let range = text.range(of: "http://127.0.0.1:") {
                    port = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
                    if port > 0 { return }
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "kaofa serve did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")"])
        }

        /// Stops the server with SIGTERM (unless it has stopped already) and returns its exit status.
        func stop() -> Int32 {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            return process.terminationStatus
        }

        func request(_ path: String, method: String = "GET", body: String? = nil, token: String? = nil) async throws -> (status: Int, body: Data) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            if let body {
                request.httpBody = Data(body.utf8)
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        }
    }

    @Test("a paper for an examinee with no answer in it; 401 for the key without the token and the key with it; the same paper after a restart")
    func serve() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory { directory in
            let token = "kaofa-test-token-0123456789"
            let arguments = ["--bank", root.appendingPathComponent("Banks").path, "--blueprints", root.appendingPathComponent("Blueprints").path,
                             "--db", directory.appendingPathComponent("kaofa.sqlite").path]
            let environment = ["KAOFA_ADMIN_TOKEN": token]
            var server = try Server(arguments: arguments, environment: environment, log: directory.appendingPathComponent("serve.log"))
            let request = #"{"blueprint":"领导干部任前法律知识考试","seed":"2026-秋季","examinee":"2026517","name":"王明"}"#
            let created = try await server.request("/papers", method: "POST", body: request)
            #expect(created.status == 200)
            let paper = try #require(try JSONSerialization.jsonObject(with: created.body) as? [String: Any])
            let id = try #require(paper["id"] as? String)
            let text = String(decoding: created.body, as: UTF8.self)
            #expect(!text.contains("\"answer\"") && !text.contains("\"explanation\"") && text.contains("王明"))
            #expect(try await server.request("/papers/\(id)/key").status == 401)
            let key = try await server.request("/papers/\(id)/key", token: token)
            #expect(key.status == 200 && String(decoding: key.body, as: UTF8.self).contains("\"answer\""))
            #expect(server.stop() == 0)
            let log = try String(contentsOf: server.log, encoding: .utf8)
            #expect(!log.contains(token), "the token must never be logged")

            server = try Server(arguments: arguments, environment: environment, log: directory.appendingPathComponent("serve2.log"))
            let again = try await server.request("/papers/\(id)")
            #expect(again.status == 200 && again.body == created.body)
            #expect(try await server.request("/papers", method: "POST", body: request).body == created.body)
            #expect(server.stop() == 0)

            // Every request for the same paper was recorded once.
            let history = try await Kaofa.run(["history", "--papers", "--db", directory.appendingPathComponent("kaofa.sqlite").path])
            #expect(history.stdout.components(separatedBy: id).count - 1 == 1, "\(history.stdout)")
        }
    }

    @Test("SIGTERM while a request is in flight: the request is answered, then the server exits cleanly")
    func gracefulShutdown() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory { directory in
            let server = try Server(arguments: ["--bank", root.appendingPathComponent("Banks").path,
                                                "--blueprints", root.appendingPathComponent("Blueprints").path,
                                                "--db", directory.appendingPathComponent("kaofa.sqlite").path],
                                    environment: [:], log: directory.appendingPathComponent("serve.log"))
            // A large bank to check (all sample banks, several times over), sent over a socket of our own: the whole
            // request is written, then SIGTERM, then the answer read.
            let banks = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Banks").path).sorted()
                .map { try root.appendingPathComponent("Banks/\($0)").text() }.joined(separator: "\n")
            let body = Array(String(repeating: banks + "\n", count: 6).utf8)
            let head = Array("POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/markdown\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8)
            let port = server.port, pid = server.process.processIdentifier
            let (inFlight, response) = try await onThread { () throws -> (Bool, String) in
                let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(socket) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                address.sin_port = UInt16(port).bigEndian
                let connected = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
                guard connected == 0 else { throw CocoaError(.fileReadUnknown) }
                let request = head + body
                var sent = 0
                while sent < request.count {
                    let written = request[sent...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
                    guard written > 0 else { throw CocoaError(.fileWriteUnknown) }
                    sent += written
                }
                usleep(100_000)
                // Still working on it: nothing to read yet when the signal goes.
                var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                let answeredAlready = poll(&ready, 1, 0) > 0
                kill(pid, SIGTERM)
                var received: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = read(socket, &buffer, buffer.count)
                    if count <= 0 { break }
                    received += buffer[0..<count]
                }
                return (!answeredAlready, String(decoding: received, as: UTF8.self))
            }
            #expect(inFlight, "the check should still have been running when SIGTERM was sent")
            #expect(response.hasPrefix("HTTP/1.1 200") && response.contains("\"code\""), "\(response.prefix(300))")
            server.process.waitUntilExit()
            #expect(server.process.terminationStatus == 0)
        }
    }

    @Test("law texts kept next to the banks (KAOFA_LAWS): read at start and again on reload; a broken one is refused and the old texts kept")
    func localLawTexts() async throws {
        let root = try Repository.root()
        let regulation = "---\ncategory: 地方性法规\naliases: 示例条例\n---\n# 测试市示例条例\n\n第一条 为了示例，制定本条例。\n\n第二条 本条例自公布之日起施行。\n"
        let bank = "## 判断题\n\n1. 题干。 {#T-1 法律=示例条例 条文=第三条 对象=全部}\n答案：正确\n"
        try await withTemporaryDirectory(files: ["Laws/测试市示例条例.md": regulation]) { directory in
            let token = "kaofa-test-token-0123456789"
            let laws = directory.appendingPathComponent("Laws")
            let server = try Server(arguments: ["--bank", root.appendingPathComponent("Banks").path,
                                                "--blueprints", root.appendingPathComponent("Blueprints").path,
                                                "--db", directory.appendingPathComponent("kaofa.sqlite").path],
                                    environment: ["KAOFA_ADMIN_TOKEN": token, "KAOFA_LAWS": laws.path], log: directory.appendingPathComponent("serve.log"))
            func codes() async throws -> [String] {
                let checked = try await server.request("/check", method: "POST", body: bank)
                let diagnostics = try #require(try JSONSerialization.jsonObject(with: checked.body) as? [[String: Any]])
                return diagnostics.compactMap { $0["code"] as? String }
            }
            #expect(try await codes() == ["E0404"])
            let file = laws.appendingPathComponent("测试市示例条例.md")
            try (regulation + "\n第三条 示例。\n").write(to: file, atomically: true, encoding: .utf8)
            #expect(try await server.request("/admin/reload", method: "POST", token: token).status == 200)
            #expect(try await codes() == [])
            try regulation.replacingOccurrences(of: "地方性法规", with: "地方法规").write(to: file, atomically: true, encoding: .utf8)
            let refused = try await server.request("/admin/reload", method: "POST", token: token)
            #expect(refused.status == 422 && String(decoding: refused.body, as: UTF8.self).contains("E0412"),
                    "\(String(decoding: refused.body, as: UTF8.self))")
            #expect(try await codes() == [], "the texts loaded before are still served")
            #expect(server.stop() == 0)
        }
    }

    @Test("a bank with errors: the server does not start and says why")
    func badBank() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory(files: ["题库/宪法.md": "---\nlaw: 宪法\n---\n\n## 单项选择题\n\n1. 题干（  ）。 {#X-1}\nA. 甲\nB. 乙\n答案：E\n"]) { directory in
            let run = try await Kaofa.run(["serve", "--port", "0", "--bank", directory.appendingPathComponent("题库").path,
                                           "--blueprints", root.appendingPathComponent("Blueprints").path,
                                           "--db", directory.appendingPathComponent("kaofa.sqlite").path])
            #expect(run.status == 1 && run.stderr.contains("E0202") && run.stderr.contains("服务没有启动"), "\(run)")
        }
    }
}
