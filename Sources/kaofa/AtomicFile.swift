import Dispatch
import Foundation

/// Writes a file atomically: the content goes to a temporary file beside the target, which then replaces the
/// target with rename(2). A reader sees the old file or the new one, never half of one; a failed write leaves
/// the old file untouched.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func write(to path: String, _ body: (_ sink: (ArraySlice<UInt8>) throws -> Void) throws -> Void) throws {
        try install(try writeTemporary(for: path, body), at: path)
    }

    /// Writes the content to a temporary file beside `path` and flushes it to disk; returns the temporary file's
    /// path. On failure the temporary file is removed.
    static func writeTemporary(for path: String, _ body: (_ sink: (ArraySlice<UInt8>) throws -> Void) throws -> Void) throws -> String {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/.\(url.lastPathComponent).kaofa-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw WriteError(description: "无法在 \(directory) 中创建文件")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try body { bytes in try handle.write(contentsOf: bytes) }
            try handle.synchronize()
            return temporary
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Puts a temporary file from `writeTemporary` in place of `path`.
    static func install(_ temporary: String, at path: String) throws {
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw WriteError(description: message)
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
    private var outcome: Result<String, any Error>?

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
        let temporary = try lock.withLock { outcome! }.get()
        try AtomicFile.install(temporary, at: path)
    }
}
