import ArgumentParser
import Foundation
import KaofaCore
import KaofaServer
import KaofaStore

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "提供 JSON 试卷服务（serve），接口见 docs/openapi.yaml",
        discussion: """
        启动前检查题库和全部蓝图，有错误时不启动。每份试卷由（题库，蓝图，种子，卷别或考生）决定：
        同样的请求总是得到同样的试卷，并只在登记库中记一次。试卷中没有答案；答案只对持有管理员令牌的请求提供
        （环境变量 KAOFA_ADMIN_TOKEN 或 --token-file；没有设置令牌时不提供答案）。按 Ctrl-C 或发送 SIGTERM 时处理完进行中的请求再退出。
        """
    )

    @Option(name: .customLong("bank"), parsing: .upToNextOption, help: ArgumentHelp("题库文件或目录（默认 Banks）", valueName: "path"))
    var banks: [String] = ["Banks"]

    @Option(help: ArgumentHelp("蓝图目录（默认 Blueprints）", valueName: "dir"))
    var blueprints: String = "Blueprints"

    @Option(help: ArgumentHelp("监听的地址（默认 127.0.0.1，只接受本机访问；对外服务用 0.0.0.0）", valueName: "host"))
    var host: String = "127.0.0.1"

    @Option(help: ArgumentHelp("端口（默认 8080；0 表示任选一个空闲端口）", valueName: "port"))
    var port: Int = 8080

    @Option(name: .customLong("token-file"), help: ArgumentHelp("管理员令牌所在的文件（代替 KAOFA_ADMIN_TOKEN）", valueName: "file"))
    var tokenFile: String?

    @OptionGroup var registryOptions: RegistryOptions

    @Option(name: .customLong("db-connections"),
            help: ArgumentHelp("PostgreSQL 登记库的连接数上限（默认 16；每个实例各自计算）", valueName: "n"))
    var connections: Int = 16

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port 应在 0 到 65535 之间") }
        if !(1...1000).contains(connections) { throw ValidationError("--db-connections 应在 1 到 1000 之间") }
    }

    func run() throws {
        let token = try adminToken()
        // A request's registry statements take milliseconds; one that takes 15 s means the database is in trouble, and
        // the request is better answered with 503 (the client retries, perhaps on another instance) than kept waiting.
        let registry = try registryOptions.open(connections: connections, statementTimeout: 15)
        let shipped = try Catalog.shipped()
        let catalog = try Catalog.load()
        let state: ServiceState
        switch ServiceState.load(banks: banks, blueprintsDirectory: blueprints, registry: registry, catalog: catalog) {
        case let .success(loaded): state = loaded
        case let .failure(failure):
            let sources = failure.sources
            let formatter = DiagnosticFormatter(colors: Terminal.isTTY(2)) { file, line in sources[file]?.lineText(line) }
            if !failure.diagnostics.isEmpty { Terminal.error(formatter.format(failure.diagnostics)) }
            Terminal.error("kaofa: \(failure.message)，服务没有启动\n")
            throw ExitCode(1)
        }
        let banks = self.banks, blueprints = self.blueprints
        // A reload reads the law texts kept next to the banks (Laws/) again, with the banks and blueprints.
        let service = KaofaService(state: state, registry: registry, adminToken: token) {
            switch Catalog.extended(shipped) {
            case let .success(catalog): ServiceState.load(banks: banks, blueprintsDirectory: blueprints, registry: registry, catalog: catalog)
            case let .failure(failure): .failure(failure.loadFailure)
            }
        }
        // SIGHUP reloads the banks and blueprints, as POST /admin/reload does.
        signal(SIGHUP, SIG_IGN)
        let hangUp = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        hangUp.setEventHandler {
            switch service.reload() {
            case let .success(state):
                Terminal.error("kaofa serve：已重新加载（\(state.questionCount) 道题，题库摘要 \(state.bankDigest)）\n")
            case let .failure(failure):
                let sources = failure.sources
                let formatter = DiagnosticFormatter(colors: false) { file, line in sources[file]?.lineText(line) }
                if !failure.diagnostics.isEmpty { Terminal.error(formatter.format(failure.diagnostics)) }
                Terminal.error("kaofa serve：\(failure.message)，没有重新加载，仍在提供原来的题库\n")
            }
        }
        hangUp.resume()
        let host = self.host, port = self.port
        let summary = "\(state.questionCount) 道题，蓝图：\(state.blueprintIDs.joined(separator: "、"))"
        let semaphore = DispatchSemaphore(value: 0)
        let failure = Box()
        Task {
            do {
                try await service.run(host: host, port: port) { bound in
                    Terminal.error("kaofa serve：正在 http://\(host):\(bound) 上提供服务（\(summary)）\n")
                }
            } catch {
                failure.message = "\(error)"
            }
            semaphore.signal()
        }
        semaphore.wait()
        if let message = failure.message {
            Terminal.error("kaofa: 服务无法运行：\(message)\n")
            throw ExitCode(2)
        }
    }

    /// The admin token from `--token-file` or `KAOFA_ADMIN_TOKEN`, or nil (keys are then not served).
    func adminToken() throws -> String? {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                Terminal.error("kaofa: 无法读取令牌文件 \(tokenFile)\n")
                throw ExitCode(2)
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.count >= 16 else {
                Terminal.error("kaofa: 令牌文件 \(tokenFile) 中的令牌太短（至少 16 个字符）\n")
                throw ExitCode(2)
            }
            return token
        }
        if let token = ProcessInfo.processInfo.environment["KAOFA_ADMIN_TOKEN"], !token.isEmpty {
            guard token.count >= 16 else {
                Terminal.error("kaofa: KAOFA_ADMIN_TOKEN 太短（至少 16 个字符）\n")
                throw ExitCode(2)
            }
            return token
        }
        return nil
    }

    private final class Box: @unchecked Sendable {
        var message: String?
    }
}

extension Catalog.Failure {
    /// For `kaofa serve`'s reload, which keeps serving what it served.
    var loadFailure: ServiceState.LoadFailure {
        ServiceState.LoadFailure(diagnostics: diagnostic.map { [$0] } ?? [],
                                 sources: Dictionary(uniqueKeysWithValues: files.map { ($0.path, SourceFile(path: $0.path, text: $0.text)) }),
                                 message: diagnostic == nil ? message : "法规原文有误")
    }
}
