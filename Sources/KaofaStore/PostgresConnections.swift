import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// A bounded pool of PostgreSQL connections used from blocking code (the registry's interface is synchronous, like
/// GRDB's). Connections run on the pool's own event loop, so a caller blocked waiting for a reply never holds up the
/// I/O that produces it. Every wait is bounded: for a free connection, for connecting, for each statement. A
/// connection that fails or times out is closed and never reused; the next caller opens a fresh one, so the pool
/// comes back by itself when the database does.
final class PostgresConnections: Sendable {
    struct Limits: Sendable {
        /// Connections open at most.
        var size = 8
        /// How long a caller waits for a free connection.
        var acquire: TimeInterval = 10
        /// How long opening a connection may take.
        var connect: TimeInterval = 5
        /// How long one statement may take before its connection is given up.
        var statement: TimeInterval = 120
    }

    let address: PostgresAddress
    let limits: Limits
    private let group: MultiThreadedEventLoopGroup
    private let configuration: PostgresConnection.Configuration
    private let slots: DispatchSemaphore
    private let idle = Mutex<[Link]>([])
    private let nextID = Atomic<Int>(1)
    private let logger = Logger(label: "kaofa.registry.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(address: PostgresAddress, limits: Limits) throws {
        self.address = address
        self.limits = limits
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch address.tls {
            case .disable: tls = .disable
            case .prefer, .require:
                var settings = TLSConfiguration.makeClientConfiguration()
                settings.certificateVerification = .none
                let context = try NIOSSLContext(configuration: settings)
                tls = address.tls == .prefer ? .prefer(context) : .require(context)
            case .verifyFull:
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw RegistryError("无法为 \(address) 准备 TLS：\(error)")
        }
        var configuration: PostgresConnection.Configuration
        if let directory = address.socketDirectory {
            configuration = .init(unixSocketPath: directory + "/.s.PGSQL.\(address.port)", username: address.user,
                                  password: address.password, database: address.database)
        } else {
            configuration = .init(host: address.host, port: address.port, username: address.user, password: address.password,
                                  database: address.database, tls: tls)
        }
        configuration.options.connectTimeout = .milliseconds(Int64(limits.connect * 1000))
        configuration.options.tlsServerName = address.tls == .verifyFull ? address.host : nil
        self.configuration = configuration
        slots = DispatchSemaphore(value: limits.size)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    deinit {
        for link in idle.withLock({ $0 }) { Self.discard(link.connection) }
        group.shutdownGracefully { _ in }
    }

    /// Runs `body` on a connection of the pool: the connection goes back to the pool afterwards unless it failed.
    func with<T>(_ body: (Session) throws -> T) throws -> T {
        guard slots.wait(timeout: .now() + limits.acquire) == .success else {
            throw RegistryError("登记库 \(address) 的 \(limits.size) 个连接都在使用中，等待 \(Int(limits.acquire)) 秒后仍没有空闲连接",
                                unavailable: true)
        }
        defer { slots.signal() }
        var link: Link?
        while link == nil, let candidate = idle.withLock({ $0.popLast() }) {
            if candidate.connection.isClosed { continue }
            link = candidate
        }
        let session = Session(link: try link ?? open(), pool: self)
        do {
            let result = try body(session)
            if session.connection.isClosed { return result }
            idle.withLock { $0.append(session.link) }
            return result
        } catch {
            // A failed statement inside a transaction was rolled back by `transaction`; a connection that broke, or
            // one whose state is unknown after a timeout, is closed rather than handed to the next caller.
            if session.reusable, !session.connection.isClosed {
                idle.withLock { $0.append(session.link) }
            } else {
                Self.discard(session.connection)
            }
            throw error
        }
    }

    /// Closes the idle connections (the server shuts down).
    func close() {
        for link in idle.withLock({ list in defer { list.removeAll() }; return list }) { Self.discard(link.connection) }
    }

    /// Closes `connection`, keeping it alive until it is closed (postgres-nio requires that).
    static func discard(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    private func open() throws -> Link {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let future = PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger)
        do {
            return Link(try Self.wait(future, seconds: limits.connect + 1))
        } catch let error as RegistryError {
            // Connected after all, too late: nobody will use it.
            future.whenSuccess { Self.discard($0) }
            throw RegistryError("无法连接登记库 \(address)：\(error.description)", unavailable: true)
        } catch {
            throw RegistryError("无法连接登记库 \(address)：\(Self.describe(error))", unavailable: Self.isConnectionFailure(error))
        }
    }

    /// A pooled connection and the statement waiting on it. postgres-nio writes a statement to its channel without
    /// a promise, so one written to a connection that is closing at that moment is dropped and its future never
    /// completes; the connection's closing fails the waiting statement instead (registered once per connection).
    final class Link: Sendable {
        let connection: PostgresConnection
        /// Fails the statement waiting now, if any.
        private let waiting = Mutex<(@Sendable (any Error) -> Void)?>(nil)

        init(_ connection: PostgresConnection) {
            self.connection = connection
            connection.closeFuture.whenComplete { [weak self] _ in
                self?.waiting.withLock { fail in
                    fail?(ConnectionClosed())
                    fail = nil
                }
            }
        }

        /// `future`, failed early if the connection closes first.
        func watching<T: Sendable>(_ future: EventLoopFuture<T>) -> EventLoopFuture<T> {
            let promise = future.eventLoop.makePromise(of: T.self)
            waiting.withLock { $0 = { promise.fail($0) } }
            future.whenComplete { [weak self] result in
                self?.waiting.withLock { $0 = nil }
                promise.completeWith(result)
            }
            if connection.isClosed { promise.fail(ConnectionClosed()) }
            return promise.futureResult
        }
    }

    /// The connection closed while a statement waited for its answer.
    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "连接在等待答复时断开" }
    }

    /// One borrowed connection.
    final class Session {
        let link: Link
        var connection: PostgresConnection { link.connection }
        private let pool: PostgresConnections
        /// False once a statement failed in a way that leaves the connection's state unknown.
        fileprivate(set) var reusable = true

        fileprivate init(link: Link, pool: PostgresConnections) {
            self.link = link
            self.pool = pool
        }

        /// Runs one statement and returns its rows.
        @discardableResult
        func query(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> PostgresQueryResult {
            try wait(link.connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: pool.logger))
        }

        /// Runs one statement and hands each row to `body` as it arrives (on the connection's event loop), without
        /// keeping the rows.
        func forEachRow(_ sql: String, _ binds: PostgresBindings, _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws {
            _ = try wait(link.connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: pool.logger, body))
        }

        private func wait<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
            do {
                return try PostgresConnections.wait(link.watching(future), seconds: pool.limits.statement)
            } catch let error as RegistryError {
                reusable = false
                throw RegistryError("登记库 \(pool.address) 没有在 \(Int(pool.limits.statement)) 秒内完成操作：\(error.description)",
                                    unavailable: true)
            } catch {
                let broken = PostgresConnections.isConnectionFailure(error)
                if broken { reusable = false }
                throw RegistryError("登记库 \(pool.address) 出错：\(PostgresConnections.describe(error))", unavailable: broken)
            }
        }

        /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
        func transaction<T>(_ body: () throws -> T) throws -> T {
            try query("BEGIN")
            let result: T
            do {
                result = try body()
            } catch {
                if reusable {
                    do { try query("ROLLBACK") } catch { reusable = false }
                }
                throw error
            }
            try query("COMMIT")
            return result
        }
    }

    // MARK: Waiting

    /// The future's value, or a `RegistryError` when it takes longer than `seconds` (the caller must then give up
    /// the connection: its reply may still arrive).
    static func wait<T: Sendable>(_ future: EventLoopFuture<T>, seconds: TimeInterval) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        future.whenComplete { result in
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else {
            throw RegistryError("等待超过 \(Int(seconds)) 秒", unavailable: true)
        }
        return try outcome.withLock { $0! }.get()
    }

    /// Whether `error` means the database could not be reached or the connection broke, rather than a statement the
    /// server refused.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return true }
        switch error.code {
        case .server, .queryCancelled, .tooManyParameters, .unsupportedAuthMechanism, .authMechanismRequiresPassword,
             .saslError, .invalidCommandTag, .sslUnsupported:
            // The server answered: an authentication problem, a refused statement or a shut-down in progress.
            if error.code == .server, let state = error.serverInfo?[.sqlState] {
                // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions.
                return state.hasPrefix("57P") || state.hasPrefix("08")
            }
            return false
        default:
            return true
        }
    }

    /// A message for the user: the server's own message (PSQLError's description hides it on purpose).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            var text = message
            if let detail = error.serverInfo?[.detail] { text += "（\(detail)）" }
            if let state = error.serverInfo?[.sqlState] { text += " [SQLSTATE \(state)]" }
            return text
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            guard let underlying = error.underlying else { return "连接失败或中断" }
            let text = "\(underlying)"
            if text.contains("Connection refused") { return "连接被拒绝（这个地址和端口上没有运行 PostgreSQL，或它正在重启）" }
            if text.contains("timed out") || text.contains("Timeout") { return "连接超时（主机不可达，或防火墙挡住了端口）" }
            if text.contains("resolve") || text.contains("getaddrinfo") { return "无法解析主机名" }
            return "连接失败或中断（\(text)）"
        case .sslUnsupported: return "服务器不支持 TLS（地址中写了 sslmode=require；本机回环可用 sslmode=disable）"
        case .authMechanismRequiresPassword: return "服务器要求密码（用 PGPASSWORD 或 --db-password-file 提供）"
        case .unsupportedAuthMechanism: return "服务器要求的认证方式不受支持"
        case .saslError: return "密码认证失败"
        default: return "\(error.code)"
        }
    }
}
