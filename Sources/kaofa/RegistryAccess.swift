import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender
import KaofaStore

/// `--db`: where the registry is. Without it, `KAOFA_DB`, else `.kaofa/kaofa.sqlite` in the current directory.
struct RegistryOptions: ParsableArguments {
    @Option(name: .customLong("db"),
            help: ArgumentHelp("登记库：SQLite 文件路径或 sqlite: 地址；默认是环境变量 KAOFA_DB，再默认 .kaofa/kaofa.sqlite（registry）",
                               valueName: "path"))
    var db: String?

    static let defaultPath = ".kaofa/kaofa.sqlite"

    /// The database's file path, from `--db`, `KAOFA_DB` or the default.
    func location(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let given = db ?? environment["KAOFA_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultPath
        if given.hasPrefix("postgres://") || given.hasPrefix("postgresql://") {
            Terminal.error("kaofa: 这个版本的登记库只支持 SQLite（文件路径或 sqlite: 地址），还不支持 PostgreSQL：\(Self.redacted(given))\n")
            throw ExitCode(2)
        }
        if given.hasPrefix("sqlite://") { return String(given.dropFirst("sqlite://".count)) }
        if given.hasPrefix("sqlite:") { return String(given.dropFirst("sqlite:".count)) }
        return given
    }

    /// Opens the registry, or says why it cannot (exit status 2).
    func open() throws -> SQLiteRegistry {
        let path = try location()
        do {
            return try SQLiteRegistry(path: path)
        } catch {
            Terminal.error("kaofa: \(error)\n  help: 每次组卷和发出的试卷都要记入登记库；用 --db 或环境变量 KAOFA_DB 指定一个可以写入的位置\n")
            throw ExitCode(2)
        }
    }

    /// A database address without its password, for messages.
    static func redacted(_ address: String) -> String {
        guard let at = address.firstIndex(of: "@"), let scheme = address.range(of: "://"),
              let colon = address[scheme.upperBound..<at].firstIndex(of: ":") else { return address }
        return String(address[..<colon]) + ":***" + String(address[at...])
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
