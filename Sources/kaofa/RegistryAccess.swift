import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender
import KaofaStore

/// `--db`: where the registry is. Without it, `KAOFA_DB`, else `.kaofa/kaofa.sqlite` in the current directory. A
/// `postgres://` address names a PostgreSQL database (password from `--db-password-file` or `PGPASSWORD`).
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("db"),
            help: ArgumentHelp("登记库：SQLite 文件路径（或 sqlite: 地址），或 PostgreSQL 地址 postgres://用户@主机:端口/数据库；"
                               + "默认是环境变量 KAOFA_DB，再默认 .kaofa/kaofa.sqlite（registry）", valueName: "path|url"))
    var db: String?

    @Option(name: .customLong("db-password-file"),
            help: ArgumentHelp("PostgreSQL 密码所在的文件（代替环境变量 PGPASSWORD；密码不会出现在输出和日志中）", valueName: "file"))
    var passwordFile: String?

    static let defaultPath = ".kaofa/kaofa.sqlite"

    enum Location {
        case sqlite(path: String)
        case postgres(PostgresAddress)

        /// For messages: the path, or the address without its password.
        var description: String {
            switch self {
            case let .sqlite(path): path
            case let .postgres(address): address.description
            }
        }
    }

    /// The registry's location, from `--db`, `KAOFA_DB` or the default; a bad address is a usage error (status 2).
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Location {
        let given = db ?? environment["KAOFA_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultPath
        if PostgresAddress.isAddress(given) {
            do {
                return .postgres(try PostgresAddress(given, environment: environment, passwordFile: passwordFile))
            } catch {
                Terminal.error("kaofa: \(error)\n")
                throw ExitCode(2)
            }
        }
        if passwordFile != nil {
            Terminal.error("kaofa: --db-password-file 只用于 PostgreSQL 登记库（--db postgres://…），\(PostgresAddress.redacted(given)) 是 SQLite 文件\n")
            throw ExitCode(2)
        }
        if given.hasPrefix("sqlite://") { return .sqlite(path: String(given.dropFirst("sqlite://".count))) }
        if given.hasPrefix("sqlite:") { return .sqlite(path: String(given.dropFirst("sqlite:".count))) }
        return .sqlite(path: given)
    }

    /// Opens the registry, or says why it cannot (exit status 2). `connections` bounds a PostgreSQL pool, and
    /// `statementTimeout` each of its statements.
    func open(connections: Int = 4, statementTimeout: TimeInterval = 120) throws -> any Registry {
        let location = try location()
        do {
            switch location {
            case let .sqlite(path): return try SQLiteRegistry(path: path)
            case let .postgres(address):
                return try PostgresRegistry(address: address, poolSize: connections, statementTimeout: statementTimeout)
            }
        } catch {
            let help = switch location {
            case .sqlite: "每次组卷和发出的试卷都要记入登记库；用 --db 或环境变量 KAOFA_DB 指定一个可以写入的位置"
            case .postgres: "检查 PostgreSQL 是否在运行、地址和用户是否正确，密码用 PGPASSWORD 或 --db-password-file 给出"
            }
            Terminal.error("kaofa: \(error)\n  help: \(help)\n")
            throw ExitCode(2)
        }
    }
}

/// One build's papers on their way into the registry: added in batches under a pending build, which `finish`
/// makes visible in one transaction; `abandon` (a failed or interrupted build) leaves nothing behind.
final class RegistrySession {
    let registry: any Registry
    let build: Int64
    private var pending: [PaperRecord] = []
    private var finished = false

    init(registry: any Registry, record: BuildRecord, questions: [QuestionDigest]) throws {
        self.registry = registry
        build = try registry.beginBuild(record, questions: questions)
    }

    func add(_ paper: PaperRecord) throws {
        pending.append(paper)
        if pending.count >= 4096 { try flush() }
    }

    private func flush() throws {
        try registry.addPapers(pending, toBuild: build)
        pending.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try flush()
        try registry.finishBuild(build)
        finished = true
    }

    func abandon() {
        guard !finished else { return }
        try? registry.abandonBuild(build)
    }
}
