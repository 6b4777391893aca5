import Foundation

/// A PostgreSQL server of its own for tests: `initdb` into a temporary directory, started with `pg_ctl` on a free
/// loopback port with password (SCRAM) authentication, and removed by `destroy()`. It uses the binaries of Debian's
/// `postgresql` package (`.ci/run` installs it). As root (CI containers) the server runs as the `postgres` user,
/// since PostgreSQL refuses to run as root.
public final class ThrowawayPostgres: @unchecked Sendable {
    public let directory: URL
    public let port: Int
    public let user = "kaofa"
    public let password = "kaofa-test-口令-0123"
    private let bin: URL
    private let lock = NSLock()
    private var databases = 0

    /// Why a server could not be started: a message that says what to install.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates and starts a server.
    public init() throws {
        bin = try Self.binaries()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try Self.freePort()
        let passwordFile = directory.appendingPathComponent("pwfile")
        try Data(password.utf8).write(to: passwordFile)
        if getuid() == 0 {
            try Self.run("/bin/chown", ["-R", "postgres:postgres", directory.path])
        }
        try runAsServerUser("initdb", ["-D", dataDirectory, "-U", user, "--pwfile=\(passwordFile.path)", "-E", "UTF8", "--no-locale",
                                       "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
        try start()
    }

    /// The server's data directory.
    public var dataDirectory: String { directory.appendingPathComponent("data").path }

    /// Starts the server (again, after `stop`); returns when it accepts connections.
    public func start() throws {
        try runAsServerUser("pg_ctl", ["-D", dataDirectory, "-l", directory.appendingPathComponent("server.log").path, "-w", "-t", "60",
                                       // fsync off: a test needs no durability across a machine crash; commits still reach the operating
                                       // system before they are acknowledged, so a stopped or killed server keeps them.
                                       "-o", "-p \(port) -k \(directory.path) -c listen_addresses=127.0.0.1 -c fsync=off "
                                           + "-c full_page_writes=off -c max_connections=200", "start"])
    }

    /// Stops the server at once (`-m immediate`: like a crash or a pulled cable for the clients).
    public func stop(mode: String = "immediate") throws {
        try runAsServerUser("pg_ctl", ["-D", dataDirectory, "-m", mode, "-w", "stop"])
    }

    /// Stops the server if it runs and removes its directory.
    public func destroy() {
        try? runAsServerUser("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// A new empty database; its address without the password (`PGPASSWORD` carries that).
    public func createDatabase() throws -> String {
        let name = lock.withLock { () -> String in
            databases += 1
            return "kaofa_test_\(databases)"
        }
        try Self.run(bin.appendingPathComponent("psql").path,
                     ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q",
                      "-c", "CREATE DATABASE \(name)"],
                     environment: ["PGPASSWORD": password])
        return address(database: name)
    }

    /// `postgres://kaofa@127.0.0.1:PORT/DATABASE`.
    public func address(database: String) -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs SQL with psql and returns its unaligned output.
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> String {
        try Self.run(bin.appendingPathComponent("psql").path,
                     ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql],
                     environment: ["PGPASSWORD": password])
    }

    private func runAsServerUser(_ program: String, _ arguments: [String]) throws {
        let path = bin.appendingPathComponent(program).path
        if getuid() == 0 {
            try Self.run("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        } else {
            try Self.run(path, arguments)
        }
    }

    /// The directory of `initdb`, `pg_ctl` and `psql`: the newest under /usr/lib/postgresql, or `pg_config --bindir`.
    static func binaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).compactMap(Int.init).sorted()
        for version in versions.reversed() {
            let bin = root.appendingPathComponent("\(version)/bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("initdb").path) { return bin }
        }
        throw Failure(description: "PostgreSQL is not installed (no initdb under /usr/lib/postgresql): apt-get install postgresql")
    }

    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "no socket for a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs `program` and returns what it printed. Spawned and reaped directly (posix_spawn, waitpid) with its output
    /// in a file: `pg_ctl start` leaves a server behind that inherits what its parent had open, and Foundation's
    /// `Process` then never reports the parent's exit.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-pg-output-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = merged.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot run \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed for \(program)") }
        }
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0, code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}

extension ThrowawayPostgres {
    /// One server for the whole test run, started on first use and destroyed when the test process exits; each test
    /// takes a database of its own (`createDatabase`).
    public static func shared() throws -> ThrowawayPostgres {
        try sharedServer.get()
    }

    private static let sharedServer: Result<ThrowawayPostgres, any Error> = {
        let result = Result { try ThrowawayPostgres() }
        if case let .success(server) = result {
            sharedForExit = server
            atexit { sharedForExit?.destroy() }
        }
        return result
    }()
}

nonisolated(unsafe) private var sharedForExit: ThrowawayPostgres?

/// Runs blocking work (a registry call, a child process) on a thread of its own and awaits it. Blocking the few
/// threads of Swift's cooperative pool instead (two on a two-core machine) can starve every other task of a test
/// run, the one that would unblock the work among them.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
