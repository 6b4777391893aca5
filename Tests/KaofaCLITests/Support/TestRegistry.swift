import Foundation
import PostgresSupport

/// A registry for a CLI test: a SQLite file in the test's directory, or a new database on the shared throwaway
/// PostgreSQL server (its password passed in the environment, as an operator would).
enum TestRegistry: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres

    var description: String { rawValue }

    /// The `--db` argument, the location kaofa names in its messages, and the environment the commands need.
    func open(in directory: URL) throws -> (db: String, label: String, environment: [String: String]) {
        switch self {
        case .sqlite:
            let path = directory.appendingPathComponent("kaofa.sqlite").path
            return (path, path, [:])
        case .postgres:
            let server = try ThrowawayPostgres.shared()
            let address = try server.createDatabase()
            let label = String(address.prefix { $0 != "?" })
            return (address, label, ["PGPASSWORD": server.password])
        }
    }
}
