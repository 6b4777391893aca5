import Hummingbird
import Logging

extension KaofaService {
    /// The HTTP application serving this service on `host:port` (port 0: any free port); `onRunning` is told the
    /// port once the server listens. Logs warnings and errors only, unless `LOG_LEVEL` asks for more; requests are
    /// not logged one by one, and nothing logged ever contains the admin token.
    public func application(host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void) -> some ApplicationProtocol {
        var logger = Logger(label: "kaofa")
        logger.logLevel = Environment().get("LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "kaofa"),
            onServerRunning: { channel in onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then finishes the requests in flight and returns.
    public func run(host: String, port: Int, onRunning: @escaping @Sendable (Int) -> Void) async throws {
        try await application(host: host, port: port, onRunning: onRunning).runService()
    }
}
