import Dispatch
import KaofaStore
import Synchronization

/// Records served papers in groups: requests arriving while one group is being written wait together for the next,
/// which is written in one transaction (a group commit). Each request still answers only once its paper is
/// recorded; the registry's single writer is then no longer one transaction per request, and no request blocks a
/// thread of the cooperative pool while it waits.
final class ServedRecorder: Sendable {
    private struct Waiting {
        var paper: PaperRecord
        var context: Int64
        var continuation: CheckedContinuation<Bool, any Error>
    }

    private struct Queue {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let registry: any Registry
    private let watch: RegistryWatch
    private let queue = Mutex(Queue())
    /// The most papers written in one transaction.
    static let groupLimit = 2048

    init(registry: any Registry, watch: RegistryWatch) {
        self.registry = registry
        self.watch = watch
    }

    /// Records `paper` under `context`; true if it was new.
    func record(_ paper: PaperRecord, context: Int64) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let start = queue.withLock { queue in
                queue.waiting.append(Waiting(paper: paper, context: context, continuation: continuation))
                if queue.writing { return false }
                queue.writing = true
                return true
            }
            if start { DispatchQueue.global().async { self.drain() } }
        }
    }

    /// Writes groups until nobody waits.
    private func drain() {
        while true {
            let group: [Waiting] = queue.withLock { queue in
                let taken = Array(queue.waiting.prefix(Self.groupLimit))
                queue.waiting.removeFirst(taken.count)
                if taken.isEmpty { queue.writing = false }
                return taken
            }
            guard !group.isEmpty else { return }
            do {
                let fresh = try watch.watching { try registry.recordServed(group.map { ($0.paper, $0.context) }) }
                for (waiting, new) in zip(group, fresh) { waiting.continuation.resume(returning: new) }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
