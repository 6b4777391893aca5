import CKaofaSystem
import Dispatch
import Foundation

/// Writes a file atomically: the content goes to a temporary file beside the target, which then replaces the
/// target with rename(2). A reader sees the old file or the new one, never half of one; a failed or interrupted
/// write leaves the old file untouched and no temporary file behind.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// A temporary file beside a target, `.name.kaofa-PID.tmp`: recorded so that Ctrl-C or SIGTERM removes it
    /// (`kaofa_remove_temporaries_on_interrupt`), until it is renamed into place (`install`) or removed (`remove`).
    /// Making one first removes those a killed kaofa left beside the same target (their process is gone).
    struct Temporary: Sendable {
        let path: String
        private let slot: Int32

        init(for target: String) throws {
            let url = URL(fileURLWithPath: target)
            let directory = url.deletingLastPathComponent().path
            let prefix = ".\(url.lastPathComponent).kaofa-"
            Self.removeAbandoned(in: directory, prefix: prefix)
            path = directory + "/" + prefix + "\(getpid()).tmp"
            slot = kaofa_temporary_register(path)
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                kaofa_temporary_unregister(slot)
                throw WriteError(description: "无法在 \(directory) 中创建文件")
            }
        }

        /// Renames the file over `target`: a reader sees the old file or the new one, never half of one.
        func install(at target: String) throws {
            defer { kaofa_temporary_unregister(slot) }
            guard rename(path, target) == 0 else {
                let message = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: path)
                throw WriteError(description: message)
            }
        }

        func remove() {
            try? FileManager.default.removeItem(atPath: path)
            kaofa_temporary_unregister(slot)
        }

        /// Temporary files of processes that no longer exist (killed with SIGKILL, or the machine went down).
        private static func removeAbandoned(in directory: String, prefix: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
            for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
                guard let pid = Int32(name.dropFirst(prefix.count).dropLast(4)), pid != getpid() else { continue }
                if kill(pid, 0) == -1, errno == ESRCH { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
            }
        }
    }

    static func write(to path: String, _ body: (_ sink: (ArraySlice<UInt8>) throws -> Void) throws -> Void) throws {
        try writeTemporary(for: path, body).install(at: path)
    }

    /// Writes the content to a temporary file beside `path` and flushes it to disk. On failure the temporary file
    /// is removed.
    static func writeTemporary(for path: String, _ body: (_ sink: (ArraySlice<UInt8>) throws -> Void) throws -> Void) throws -> Temporary {
        let temporary = try Temporary(for: path)
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary.path))
            defer { try? handle.close() }
            try body { bytes in try handle.write(contentsOf: bytes) }
            try handle.synchronize()
            return temporary
        } catch {
            temporary.remove()
            throw error
        }
    }
}

/// A file written atomically on a background thread as soon as its bytes are known (`begin`), and put in place by
/// `commit`, which waits for the writing: the disk's work overlaps with what the command does meanwhile.
final class StagedFile: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private let written = DispatchGroup()
    private var started = false
    private var outcome: Result<AtomicFile.Temporary, any Error>?

    init(path: String) {
        self.path = path
    }

    /// Starts writing `bytes` to a temporary file beside the target (once; later calls are ignored).
    func begin(_ bytes: [UInt8]) {
        let first = lock.withLock {
            defer { started = true }
            return !started
        }
        guard first else { return }
        written.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result = Result { try AtomicFile.writeTemporary(for: path) { sink in try sink(bytes[...]) } }
            lock.withLock { outcome = result }
            written.leave()
        }
    }

    /// Puts `bytes` in place of the target: the bytes given to `begin`, once written, or, if `begin` was not called,
    /// these bytes written now.
    func commit(_ bytes: [UInt8]) throws {
        begin(bytes)
        written.wait()
        try lock.withLock { outcome! }.get().install(at: path)
    }

    /// Removes what `begin` wrote, when the file is not wanted after all.
    func discard() {
        let began = lock.withLock { started }
        guard began else { return }
        written.wait()
        if case let .success(temporary) = lock.withLock({ outcome! }) { temporary.remove() }
    }
}
