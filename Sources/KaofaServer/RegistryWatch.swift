import Logging
import Synchronization

/// Tells the operator when the registry stops answering and when it answers again: one warning on each change,
/// not one per request (a province's instance may turn away thousands of requests during a database restart).
final class RegistryWatch: Sendable {
    private let down = Mutex(false)
    private let logger = Logger(label: "kaofa.registry")

    /// A registry call succeeded.
    func succeeded() {
        let wasDown = down.withLock { down in
            defer { down = false }
            return down
        }
        if wasDown { logger.warning("登记库已恢复，试卷和答卷照常登记") }
    }

    /// A registry call failed with `error` (a message that names the database, never its password).
    func failed(_ error: any Error) {
        let wasDown = down.withLock { down in
            defer { down = true }
            return down
        }
        if !wasDown { logger.warning("登记库不可用，需要登记库的请求返回 503，恢复后自动继续：\(error)") }
    }

    /// Runs `body`, noting whether the registry answered.
    func watching<T>(_ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            succeeded()
            return result
        } catch {
            failed(error)
            throw error
        }
    }
}
