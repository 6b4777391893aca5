import Foundation

/// Writes a file atomically: the content goes to a temporary file beside the target, which then replaces the
/// target with rename(2). A reader sees the old file or the new one, never half of one; a failed write leaves
/// the old file untouched.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    static func write(to path: String, _ body: (_ sink: (ArraySlice<UInt8>) throws -> Void) throws -> Void) throws {
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
            guard rename(temporary, path) == 0 else {
                throw WriteError(description: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }
}
