import Foundation

/// Output written piece by piece that appears whole or not at all: into a temporary file beside the target, renamed
/// over it by `commit()` (rename(2) is atomic), or removed by `discard()`. `-` streams to standard output instead.
final class OutputSink {
    let path: String
    private let temporary: AtomicFile.Temporary?
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
        if path == "-" {
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let temporary = try AtomicFile.Temporary(for: path)
        self.temporary = temporary
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary.path))
        } catch {
            temporary.remove()
            throw error
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
    }

    func commit() throws {
        guard let temporary else { return }
        try handle.synchronize()
        try handle.close()
        try temporary.install(at: path)
    }

    func discard() {
        guard let temporary else { return }
        try? handle.close()
        temporary.remove()
    }
}
