import Foundation

/// Where a PostgreSQL registry is: `postgres://user@host:port/database`, as libpq writes it. The password comes from
/// `--db-password-file`, else `PGPASSWORD`, else the address itself (discouraged: it shows in `ps`); it is never part
/// of `description`, so messages and logs can name the address freely.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable {
        /// No TLS (loopback, or a private network the operator trusts).
        case disable
        /// TLS when the server offers it, plain otherwise (libpq's default).
        case prefer
        /// TLS or nothing, without checking the certificate (libpq's `require`).
        case require
        /// TLS with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    /// A directory holding the server's Unix socket (`?host=/var/run/postgresql`), used instead of `host`/`port`.
    public var socketDirectory: String?
    public var user: String
    public var database: String
    public var tls: TLSMode
    public var password: String?

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    public static func isAddress(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; the password from `passwordFile` or `PGPASSWORD` wins over one written in the address.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                passwordFile: String? = nil) throws {
        guard let scheme = text.range(of: "://"), Self.isAddress(text) else {
            throw RegistryError("不是 PostgreSQL 地址：\(Self.redacted(text))（应当形如 postgres://用户@主机:端口/数据库）")
        }
        var rest = Substring(text[scheme.upperBound...])
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                query[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            rest = rest[..<mark]
        }
        var database: String?
        if let slash = rest.firstIndex(of: "/") {
            let name = rest[rest.index(after: slash)...]
            if !name.isEmpty { database = name.removingPercentEncoding ?? String(name) }
            rest = rest[..<slash]
        }
        var user: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon])
                password = String(credentials[credentials.index(after: colon)...]).removingPercentEncoding
            } else {
                user = String(credentials)
            }
            user = user?.removingPercentEncoding
            rest = rest[rest.index(after: at)...]
        }
        var host = String(rest), port: Int?
        if host.hasPrefix("[") , let close = host.firstIndex(of: "]") {  // [::1]:5432
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { port = Int(after.dropFirst()) ?? -1 }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            port = Int(host[host.index(after: colon)...]) ?? -1
            host = String(host[..<colon])
        }
        if let given = query.removeValue(forKey: "host") {
            if given.hasPrefix("/") { socketDirectory = given } else { host = given }
        }
        if let given = query.removeValue(forKey: "port") { port = Int(given) ?? -1 }
        if let given = query.removeValue(forKey: "user") { user = given }
        if let given = query.removeValue(forKey: "dbname") { database = given }
        let mode = query.removeValue(forKey: "sslmode") ?? environment["PGSSLMODE"] ?? "prefer"
        guard let tls = TLSMode(rawValue: mode == "allow" ? "prefer" : mode) else {
            throw RegistryError("PostgreSQL 地址中的 sslmode=\(mode) 无法识别（可用 disable、prefer、require、verify-full）")
        }
        if let unknown = query.keys.sorted().first {
            throw RegistryError("PostgreSQL 地址中的参数 \(unknown) 无法识别（可用 host、port、user、dbname、sslmode）")
        }
        let resolvedPort = port ?? environment["PGPORT"].flatMap { Int($0) } ?? 5432
        guard (1...65535).contains(resolvedPort) else {
            throw RegistryError("PostgreSQL 地址中的端口无效：\(Self.redacted(text))")
        }
        self.host = host.isEmpty ? (environment["PGHOST"] ?? "127.0.0.1") : host
        if socketDirectory == nil, self.host.hasPrefix("/") {
            socketDirectory = self.host
        }
        self.port = resolvedPort
        self.user = user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? "postgres"
        self.database = database ?? environment["PGDATABASE"] ?? self.user
        self.tls = tls
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw RegistryError("无法读取数据库密码文件 \(passwordFile)")
            }
            self.password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else if let fromEnvironment = environment["PGPASSWORD"], !fromEnvironment.isEmpty {
            self.password = fromEnvironment
        } else {
            self.password = password
        }
    }

    /// The address without the password.
    public var description: String {
        let user = self.user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? self.user
        let database = self.database.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? self.database
        if let socketDirectory { return "postgres://\(user)@/\(database)?host=\(socketDirectory)" }
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "postgres://\(user)@\(host):\(port)/\(database)"
    }

    /// A database address as the user wrote it, with any password replaced by `***`.
    public static func redacted(_ address: String) -> String {
        guard let scheme = address.range(of: "://") else { return address }
        let authority = address[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return address }
        return String(address[..<colon]) + ":***" + String(address[at...])
    }
}
