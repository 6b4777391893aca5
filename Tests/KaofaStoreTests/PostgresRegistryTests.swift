import Foundation
import KaofaCore
import PostgresSupport
import Testing
@testable import KaofaStore

/// What only the PostgreSQL registry has to get right: its address, instances starting and writing together, and a
/// database that goes away and comes back.
@Suite("PostgreSQL registry")
struct PostgresRegistryTests {
    @Test("addresses: user, host, port, database, socket directory and TLS mode; the password never shows")
    func addresses() throws {
        let plain = try PostgresAddress("postgres://exam@db.example.cn:6543/kaofa", environment: [:])
        #expect(plain.user == "exam" && plain.host == "db.example.cn" && plain.port == 6543 && plain.database == "kaofa")
        #expect(plain.tls == .prefer && plain.password == nil && plain.socketDirectory == nil)
        #expect(plain.description == "postgres://exam@db.example.cn:6543/kaofa")

        let written = try PostgresAddress("postgresql://exam:s%40cret@[::1]/kaofa?sslmode=require", environment: [:])
        #expect(written.password == "s@cret" && written.host == "::1" && written.port == 5432 && written.tls == .require)
        #expect(!written.description.contains("cret") && written.description == "postgres://exam@[::1]:5432/kaofa")
        #expect(PostgresAddress.redacted("postgres://exam:s%40cret@db/kaofa") == "postgres://exam:***@db/kaofa")
        #expect(PostgresAddress.redacted("postgres://exam@db/kaofa") == "postgres://exam@db/kaofa")

        // PGPASSWORD wins over the address; a password file wins over both.
        let environment = ["PGPASSWORD": "from-env", "PGUSER": "envuser", "PGPORT": "5499"]
        #expect(try PostgresAddress("postgres://u:inline@h/d", environment: environment).password == "from-env")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-pw-\(UUID().uuidString)")
        try Data("from-file\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try PostgresAddress("postgres://u@h/d", environment: environment, passwordFile: file.path).password == "from-file")
        let defaults = try PostgresAddress("postgres://", environment: environment)
        #expect(defaults.user == "envuser" && defaults.database == "envuser" && defaults.port == 5499 && defaults.host == "127.0.0.1")

        let socket = try PostgresAddress("postgres://exam@/kaofa?host=/var/run/postgresql", environment: [:])
        #expect(socket.socketDirectory == "/var/run/postgresql" && socket.description == "postgres://exam@/kaofa?host=/var/run/postgresql")

        for bad in ["postgres://h:99999/d", "postgres://h/d?sslmode=sometimes", "postgres://h/d?application=x", "sqlite:kaofa.sqlite"] {
            #expect(throws: RegistryError.self, "\(bad)") { try PostgresAddress(bad, environment: [:]) }
        }
        #expect(throws: RegistryError.self) { try PostgresAddress("postgres://h/d", environment: [:], passwordFile: "/nonexistent/pw") }
    }

    @Test("instances starting together migrate the schema once, under the advisory lock")
    func concurrentMigration() async throws {
        let server = try ThrowawayPostgres.shared()
        let address = try PostgresAddress(try server.createDatabase(), environment: ["PGPASSWORD": server.password])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { try await onThread { try PostgresRegistry(address: address, poolSize: 2).ping() } }
            }
            try await group.waitForAll()
        }
        let database = String(address.database)
        #expect(try server.psql(database, "SELECT string_agg(identifier, ',') FROM kaofa_migration").trimmingCharacters(in: .whitespacesAndNewlines) == "v1")
        // A schema written by a newer kaofa is refused rather than misread.
        try server.psql(database, "INSERT INTO kaofa_migration (identifier) VALUES ('v9 future')")
        #expect {
            _ = try PostgresRegistry(address: address)
        } throws: { error in
            "\(error)".contains("更新版本") && "\(error)".contains("v9 future")
        }
    }

    @Test("two instances serving the same requests at once: every paper recorded exactly once, counts exact")
    func twoInstances() async throws {
        let server = try ThrowawayPostgres.shared()
        let address = try PostgresAddress(try server.createDatabase(), environment: ["PGPASSWORD": server.password])
        let first = try PostgresRegistry(address: address, poolSize: 4), second = try PostgresRegistry(address: address, poolSize: 4)
        defer {
            first.close()
            second.close()
        }
        let record = RegistryTests.build(seed: nil)
        let contexts = try await withThrowingTaskGroup(of: Int64.self) { group in
            for registry in [first, second, first, second] {
                group.addTask {
                    try await onThread { try registry.servingContext(record, questions: [QuestionDigest(id: "XF-0001", digest: "sha256:q1")]) }
                }
            }
            return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
        }
        #expect(contexts.count == 1)
        let context = try #require(contexts.first)
        let papers = (0..<400).map { RegistryTests.paper(String(format: "KF-%012x", $0), subject: .examinee("\($0)")) }
        // Both instances see every request (a retry through the load balancer), in groups of different sizes.
        let fresh = try await withThrowingTaskGroup(of: [Bool].self) { group in
            for (registry, size) in [(first, 7), (second, 13), (first, 50), (second, 1)] {
                group.addTask {
                    try await onThread {
                        var fresh: [Bool] = []
                        for start in stride(from: 0, to: papers.count, by: size) {
                            fresh += try registry.recordServed(papers[start..<min(start + size, papers.count)].map { ($0, context) })
                        }
                        return fresh
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0 += $1 }
        }
        #expect(fresh.filter { $0 }.count == papers.count)
        #expect(try first.tableCounts()["paper"] == papers.count)
        #expect(try second.builds(HistoryFilter()).first?.paperCount == papers.count)
        #expect(try first.tableCounts()["build"] == 1)
    }

    @Test("the database stopped: a clear 'unavailable' error naming the address, nothing half-recorded; back by itself when it returns")
    func outage() throws {
        // A server of its own: this test stops it.
        let server = try ThrowawayPostgres()
        defer { server.destroy() }
        let address = try PostgresAddress(try server.createDatabase(), environment: ["PGPASSWORD": server.password])
        let registry = try PostgresRegistry(address: address, poolSize: 2)
        defer { registry.close() }
        let context = try registry.servingContext(RegistryTests.build(seed: nil), questions: [])
        #expect(try registry.recordServed(RegistryTests.paper("KF-000000000001", subject: .examinee("1")), context: context))

        try server.stop()
        for attempt in 0..<3 {
            do {
                _ = try registry.recordServed(RegistryTests.paper("KF-000000000002", subject: .examinee("2")), context: context)
                Issue.record("recorded with the database stopped (attempt \(attempt))")
            } catch let error as RegistryError {
                #expect(error.unavailable, "\(error)")
                #expect(error.description.contains("127.0.0.1:\(server.port)") && !error.description.contains(server.password))
            }
        }
        #expect(throws: RegistryError.self) { try registry.ping() }

        try server.start()
        try registry.ping()
        #expect(try registry.recordServed(RegistryTests.paper("KF-000000000002", subject: .examinee("2")), context: context))
        #expect(try registry.tableCounts()["paper"] == 2)
        #expect(try registry.builds(HistoryFilter()).first?.paperCount == 2)
    }

    @Test("bounded waits: a caller finding every connection busy gives up; a statement stuck behind a lock times out; the pool recovers")
    func boundedWaits() async throws {
        let server = try ThrowawayPostgres.shared()
        let database = try server.createDatabase()
        let address = try PostgresAddress(database, environment: ["PGPASSWORD": server.password])
        let name = String(database.split(separator: "/").last!.split(separator: "?")[0])
        func poll(_ sql: String) async throws {
            for _ in 0..<400 {
                if try server.psql(name, sql).trimmingCharacters(in: .whitespacesAndNewlines) != "0" { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            Issue.record("never true: \(sql)")
        }
        // Another session holds the paper table until `release` ends it (however slow the machine is meanwhile).
        func holdPaperTable() async throws -> Task<Void, Never> {
            let holder = Task {
                _ = try? await onThread { try server.psql(name, "BEGIN; LOCK TABLE paper IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600); COMMIT;") }
            }
            try await poll("SELECT count(*) FROM pg_locks WHERE relation = 'paper'::regclass AND mode = 'AccessExclusiveLock' AND granted")
            return holder
        }
        func release(_ holder: Task<Void, Never>) async throws {
            try server.psql(name, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%' AND pid <> pg_backend_pid()")
            await holder.value
        }
        var limits = PostgresConnections.Limits()
        limits.size = 1
        limits.acquire = 0.5
        let patient = try PostgresRegistry(address: address, limits: limits)
        defer { patient.close() }
        let context = try patient.servingContext(RegistryTests.build(seed: nil), questions: [])

        // The only connection waits behind the lock: another caller waits half a second for it, then gives up.
        var holder = try await holdPaperTable()
        async let waiting = onThread {
            try patient.recordServed(RegistryTests.paper("KF-000000000001", subject: .examinee("1")), context: context)
        }
        try await poll("SELECT count(*) FROM pg_locks WHERE relation = 'paper'::regclass AND NOT granted")
        #expect {
            try patient.ping()
        } throws: { error in
            (error as? RegistryError)?.unavailable == true && "\(error)".contains("1 个连接都在使用中")
        }
        try await release(holder)
        #expect(try await waiting, "recorded once the lock is released")

        // A statement may wait a second here: behind the lock it is given up, its connection closed, nothing recorded.
        limits.statement = 1
        let hasty = try PostgresRegistry(address: address, limits: limits)
        defer { hasty.close() }
        holder = try await holdPaperTable()
        #expect {
            try hasty.recordServed(RegistryTests.paper("KF-000000000002", subject: .examinee("2")), context: context)
        } throws: { error in
            (error as? RegistryError)?.unavailable == true && "\(error)".contains("1 秒内完成")
        }
        try await release(holder)
        #expect(try hasty.recordServed(RegistryTests.paper("KF-000000000002", subject: .examinee("2")), context: context))
        #expect(try hasty.tableCounts()["paper"] == 2)
    }

    @Test("a wrong password is a clear error, not a hang")
    func wrongPassword() throws {
        let server = try ThrowawayPostgres.shared()
        let database = try server.createDatabase()
        #expect {
            _ = try PostgresRegistry(address: PostgresAddress(database, environment: ["PGPASSWORD": "not-the-password"]))
        } throws: { error in
            let text = "\(error)"
            return text.contains("登记库") && text.contains("password") && !text.contains("not-the-password")
        }
    }
}
