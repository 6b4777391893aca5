import Foundation

/// Output written piece by piece that appears whole or not at all: into a temporary file beside the target, renamed
/// over it by `commit()` (rename(2) is atomic), or removed by `discard()`. `-` streams to standard output instead.
final class OutputSink {
    let path: String
    private let temporary: String?
    private let handle: FileHandle

    init(path: String) throws {
        self.path = path
        if path == "-" {
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).kaofa-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw AtomicFile.WriteError(description: "无法在 \(url.deletingLastPathComponent().path) 中创建文件")
        }
        self.temporary = temporary
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.write(contentsOf: bytes)
    }

    func commit() throws {
        guard let temporary else { return }
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw AtomicFile.WriteError(description: message)
        }
    }

    func discard() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
