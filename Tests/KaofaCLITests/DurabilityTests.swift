import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import KaofaStore
import Testing

/// kill -9 in the middle of a build or of a flood of requests: the registry stays sound and holds nothing that was
/// not fully written.
@Suite("durability", .serialized)
struct DurabilityTests {
    @Test("a build killed with SIGKILL midway leaves a sound registry with no trace of it, and no output directory")
    func killedBuild() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory { directory in
            let db = directory.appendingPathComponent("kaofa.sqlite")
            // A finished build first, which must survive.
            let first = try await Kaofa.run(["build", "--bank", root.appendingPathComponent("Banks").path, "--blueprint",
                                             root.appendingPathComponent("Blueprints/\(BuildTests.blueprints[0]).yaml").path,
                                             "--seed", "kept", "--out", directory.appendingPathComponent("kept").path, "--db", db.path])
            #expect(first.status == 0)
            let process = Process()
            process.executableURL = try Kaofa.executable()
            process.arguments = ["build", "--bank", root.appendingPathComponent("Banks").path, "--blueprint",
                                 root.appendingPathComponent("Blueprints/\(BuildTests.blueprints[1]).yaml").path, "--seed", "killed",
                                 "--examinees", "200000", "--format", "jsonl", "--out", directory.appendingPathComponent("out").path,
                                 "--db", db.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill it once it has recorded papers under its pending build.
            let deadline = Date().addingTimeInterval(60)
            let reader = try SQLiteRegistry(path: db.path)
            while Date() < deadline, process.isRunning, try reader.pendingPaperCount() < 5000 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(process.isRunning, "the build ended before it could be killed")
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let registry = try SQLiteRegistry(path: db.path)
            #expect(try registry.integrityCheck() == "ok")
            let builds = try registry.builds(HistoryFilter())
            #expect(builds.count == 1 && builds[0].seed == "kept", "\(builds.map(\.seed))")
            #expect(try registry.papers(HistoryFilter(limit: 10)).allSatisfy { $0.seed == "kept" })
            #expect(!directory.appendingPathComponent("out").exists())
            // The next build clears away what the killed one left pending, and works.
            let next = try await Kaofa.run(["history", "--db", db.path])
            #expect(next.status == 0 && next.stdout.split(separator: "\n").count == 1)
        }
    }

    @Test("a server killed with SIGKILL during a flood of requests: every recorded paper is whole and served again")
    func killedServer() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory { directory in
            let db = directory.appendingPathComponent("kaofa.sqlite")
            let arguments = ["--bank", root.appendingPathComponent("Banks").path, "--blueprints", root.appendingPathComponent("Blueprints").path,
                             "--db", db.path]
            let server = try ServeTests.Server(arguments: arguments, environment: [:], log: directory.appendingPathComponent("serve.log"))
            let port = server.port
            let flood = Task {
                await withTaskGroup(of: Void.self) { group in
                    for lane in 0..<16 {
                        group.addTask {
                            for index in 0..<100_000 {
                                var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/papers")!)
                                request.httpMethod = "POST"
                                request.httpBody = Data(#"{"blueprint":"村(社区)两委法律知识测试","seed":"flood","examinee":"\#(lane)-\#(index)"}"#.utf8)
                                guard (try? await URLSession.shared.data(for: request)) != nil else { return }
                            }
                        }
                    }
                }
            }
            let reader = try SQLiteRegistry(path: db.path)
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline, try reader.papers(HistoryFilter(limit: 200)).count < 200 {
                try await Task.sleep(for: .milliseconds(20))
            }
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            await flood.value

            let registry = try SQLiteRegistry(path: db.path)
            #expect(try registry.integrityCheck() == "ok")
            let recorded = try registry.papers(HistoryFilter(limit: 1_000_000))
            #expect(recorded.count >= 200)
            #expect(recorded.allSatisfy { $0.items.count == 60 && $0.digest.hasPrefix("sha256:") })
            // Served again after a restart, byte for byte what the digest says.
            let restarted = try ServeTests.Server(arguments: arguments, environment: [:], log: directory.appendingPathComponent("serve2.log"))
            for paper in recorded.prefix(20) {
                #expect(try await restarted.request("/papers/\(paper.id)").status == 200)
            }
            #expect(restarted.stop() == 0)
        }
    }
}
