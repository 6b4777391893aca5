import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PostgresSupport
import Synchronization
import Testing

/// The province setup as an operator tries it: PostgreSQL, two `kaofa serve` instances sharing it, the database
/// stopped for a while under load, and `kaofa history --db postgres://…` afterwards.
@Suite("Province: instances sharing PostgreSQL")
struct ProvinceTests {
    static let blueprint = "领导干部任前法律知识考试"

    /// A request and its status, `Retry-After` and body.
    static func send(_ port: Int, _ path: String, method: String = "GET", body: String? = nil) async throws
        -> (status: Int, retryAfter: String?, body: Data) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Retry-After"), data)
    }

    final class Counts: Sendable {
        let unavailable = Atomic<Int>(0)
        let done = Atomic<Int>(0)
    }

    static func paperRequest(_ examinee: String) -> String {
        #"{"blueprint":"\#(blueprint)","seed":"2026-全省","examinee":"\#(examinee)"}"#
    }

    @Test("same paper from either instance; PostgreSQL stopped under load gives 503s that turn back into papers; every paper recorded once; one instance killed, the other goes on")
    func twoInstances() async throws {
        let root = try Repository.root()
        let postgres = try ThrowawayPostgres()
        defer { postgres.destroy() }
        let database = try postgres.createDatabase()
        try await withTemporaryDirectory { directory in
            let environment = ["PGPASSWORD": postgres.password]
            let arguments = ["--bank", root.appendingPathComponent("Banks").path, "--blueprints", root.appendingPathComponent("Blueprints").path,
                             "--db", database]
            let first = try ServeTests.Server(arguments: arguments, environment: environment, log: directory.appendingPathComponent("a.log"))
            let second = try ServeTests.Server(arguments: arguments, environment: environment, log: directory.appendingPathComponent("b.log"))
            defer {
                _ = first.stop()
                _ = second.stop()
            }

            // The same examinee's paper from both instances: identical bytes.
            let fromFirst = try await Self.send(first.port, "/papers", method: "POST", body: Self.paperRequest("510100"))
            let fromSecond = try await Self.send(second.port, "/papers", method: "POST", body: Self.paperRequest("510100"))
            #expect(fromFirst.status == 200 && fromFirst.body == fromSecond.body)
            let health = try await Self.send(second.port, "/health")
            #expect(String(decoding: health.body, as: UTF8.self).contains("\"bankDigest\":\"sha256:"))

            // Load across both instances; PostgreSQL stops after a while and comes back two seconds later. Clients
            // retry on 503 as `Retry-After` asks (sooner here, to keep the test short).
            let examinees = (1...120).map { String(format: "5101%04d", $0) }
            let counts = Counts(), ports = [first.port, second.port]
            let outage = Task {
                while counts.done.load(ordering: .relaxed) < 30 { try await Task.sleep(for: .milliseconds(20)) }
                try await onThread { try postgres.stop(mode: "fast") }
                try await Task.sleep(for: .seconds(2))
                try await onThread { try postgres.start() }
            }
            func logs() -> String {
                ["a.log", "b.log"].map { (try? directory.appendingPathComponent($0).text()) ?? "" }.joined(separator: "\n---\n")
            }
            let papers: [String: Data]
            do {
              papers = try await withThrowingTaskGroup(of: [(String, Data)].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var bodies: [(String, Data)] = []
                        for (index, examinee) in examinees.enumerated() where index % 8 == worker {
                            for attempt in 0... {
                                let port = ports[(index + attempt) % 2]
                                let answer = try await Self.send(port, "/papers", method: "POST", body: Self.paperRequest(examinee))
                                if answer.status == 200 {
                                    bodies.append((examinee, answer.body))
                                    break
                                }
                                #expect(answer.status == 503 && answer.retryAfter != nil, "\(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
                                guard answer.status == 503, attempt < 300 else { throw CancellationError() }
                                counts.unavailable.add(1, ordering: .relaxed)
                                try await Task.sleep(for: .milliseconds(50))
                            }
                            counts.done.add(1, ordering: .relaxed)
                        }
                        return bodies
                    }
                }
                return try await group.reduce(into: [String: Data]()) { all, bodies in for (examinee, body) in bodies { all[examinee] = body } }
              }
            } catch {
                Issue.record("load through the outage failed: \(error)\nserver logs:\n\(logs())")
                throw error
            }
            try await outage.value
            // Each instance told its operator once that the registry went away, and once that it came back.
            #expect(logs().components(separatedBy: "登记库不可用").count - 1 <= 2 && logs().contains("登记库已恢复"), "\(logs())")
            #expect(papers.count == examinees.count)
            #expect(counts.unavailable.load(ordering: .relaxed) > 0, "the outage should have been seen by some request")

            // Every paper asked for again from the other instance is the same; the registry holds each exactly once.
            for examinee in examinees.prefix(10) {
                let again = try await Self.send(second.port, "/papers", method: "POST", body: Self.paperRequest(examinee))
                #expect(again.body == papers[examinee])
            }
            let history = try await Kaofa.run(["history", "--papers", "--limit", "1000", "--db", database], environment: environment)
            #expect(history.status == 0, "\(history.stderr)")
            let lines = history.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("KF-") }
            #expect(lines.count == examinees.count + 1, "\(history.stdout)")
            #expect(Set(lines.map { $0.prefix(15) }).count == lines.count, "a paper recorded twice")

            // A response sent to one instance and retried on the other is recorded once.
            let paper = try #require(try JSONSerialization.jsonObject(with: fromFirst.body) as? [String: Any])
            let id = try #require(paper["id"] as? String)
            let sheet = #"{"examinee":"510100","answers":{"1":["A"],"2":["B"]}}"#
            let scored = try await Self.send(first.port, "/papers/\(id)/responses", method: "POST", body: sheet)
            let retried = try await Self.send(second.port, "/papers/\(id)/responses", method: "POST", body: sheet)
            #expect(scored.status == 200 && retried.body == scored.body)
            #expect(try postgres.psql(String(database.split(separator: "/").last!.split(separator: "?")[0]),
                                      "SELECT count(*) FROM response").trimmingCharacters(in: .whitespacesAndNewlines) == "1")

            // An instance serving another version of the bank refuses the papers made from this one.
            let banks = directory.appendingPathComponent("Banks")
            try FileManager.default.copyItem(at: root.appendingPathComponent("Banks"), to: banks)
            let constitution = banks.appendingPathComponent("宪法.md")
            try Data(try constitution.text().replacingOccurrences(of: "人民行使国家权力的机关是", with: "人民行使国家权力的机关为").utf8)
                .write(to: constitution)
            let other = try ServeTests.Server(arguments: ["--bank", banks.path] + arguments.dropFirst(2), environment: environment,
                                              log: directory.appendingPathComponent("c.log"))
            defer { _ = other.stop() }
            let refused = try await Self.send(other.port, "/papers/\(id)")
            #expect(refused.status == 409 && String(decoding: refused.body, as: UTF8.self).contains("bank-changed"))
            let refusedSheet = try await Self.send(other.port, "/papers/\(id)/responses", method: "POST", body: sheet)
            #expect(refusedSheet.status == 409)

            // One instance killed outright: the other goes on serving and recording.
            kill(first.process.processIdentifier, SIGKILL)
            first.process.waitUntilExit()
            for examinee in ["510901", "510902", "510100"] {
                let served = try await Self.send(second.port, "/papers", method: "POST", body: Self.paperRequest(examinee))
                #expect(served.status == 200)
                if examinee == "510100" { #expect(served.body == fromFirst.body) }
            }
            let after = try await Kaofa.run(["history", "--papers", "--limit", "1000", "--db", database], environment: environment)
            #expect(after.stdout.split(separator: "\n").filter { $0.hasPrefix("KF-") }.count == examinees.count + 3, "\(after.stdout)")

            // SIGTERM: the others finish and exit cleanly.
            #expect(second.stop() == 0 && other.stop() == 0)
        }
    }
}
