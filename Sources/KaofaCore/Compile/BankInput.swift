import Foundation

/// Gathers bank files from the paths a user names: files as given, directories searched recursively for
/// `.md` files in sorted order (never file-system order), hidden entries skipped.
public enum BankInput {
    public struct Collected: Sendable {
        public var files: [(path: String, bytes: [UInt8])]
        /// I/O problems: a path that does not exist, a file that cannot be read, a directory with no banks.
        public var diagnostics: [Diagnostic]
        /// Files in the searched directories that look like banks in another format (Word, Excel, plain text): not
        /// read, but worth telling the teacher about (`kaofa import` converts them).
        public var otherFormats: [String] = []
    }

    /// Extensions of question banks kept in other programs.
    static let otherBankExtensions: Set<String> = ["txt", "doc", "docx", "wps", "xls", "xlsx", "csv", "et"]

    public static func collect(_ paths: [String]) -> Collected {
        var files: [String] = []
        var diagnostics: [Diagnostic] = []
        var otherFormats: [String] = []
        var seen = Set<String>()
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(Diagnostic(.fileUnreadable, "找不到文件或目录“\(path)”", at: .wholeFile(path),
                    notes: [.help("检查路径是否写对；题库通常在 Banks/ 目录下")]))
                continue
            }
            var others: [String] = []
            let candidates = isDirectory.boolValue ? markdownFiles(in: path, others: &others) : [path]
            otherFormats += others
            if isDirectory.boolValue && candidates.isEmpty {
                diagnostics.append(Diagnostic(.noBankFiles, "目录“\(path)”中没有 .md 题库文件", at: .wholeFile(path),
                    notes: [.help("题库文件的扩展名应为 .md")]))
            }
            for file in candidates where seen.insert(URL(fileURLWithPath: file).standardizedFileURL.path).inserted {
                files.append(file)
            }
        }
        // Read on all cores; order follows the paths, not completion.
        let contents = ParallelMap.map(files) { readFile($0) }
        var read: [(String, [UInt8])] = []
        read.reserveCapacity(files.count)
        for (file, bytes) in zip(files, contents) {
            guard let bytes else {
                diagnostics.append(Diagnostic(.fileUnreadable, "无法读取文件“\(file)”", at: .wholeFile(file),
                    notes: [.help("检查文件权限")]))
                continue
            }
            read.append((file, bytes))
        }
        return Collected(files: read, diagnostics: diagnostics, otherFormats: otherFormats)
    }

    /// Reads a whole file straight into an array (no intermediate `Data` copy); a pipe or device is read to its end.
    public static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        // A pipe (`<(…)`, /dev/stdin) or a device has no size to go by: read it to its end.
        guard info.st_mode & S_IFMT == S_IFREG else { return readToEnd(fd) }
        let size = Int(info.st_size)
        guard size > 0 else { return [] }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var offset = 0
            while offset < size {
                let n = read(fd, buffer.baseAddress! + offset, size - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                offset += n
            }
            failed = offset < size
            count = offset
        }
        return failed ? nil : bytes
    }

    /// Everything `fd` gives until its end; nil on a read error (a directory gives one).
    private static func readToEnd(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { return bytes }
            bytes += chunk[..<n]
        }
    }

    static func markdownFiles(in directory: String, others: inout [String]) -> [String] {
        var result: [String] = []
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: directory) else { return [] }
        for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                result += markdownFiles(in: path, others: &others)
            } else if name.lowercased().hasSuffix(".md"), name.lowercased() != "readme.md" {
                result.append(path)
            } else if !name.hasPrefix("~$"), let dot = name.lastIndex(of: "."),  // ~$: Word's lock file of an open document
                      otherBankExtensions.contains(name[name.index(after: dot)...].lowercased()) {
                others.append(path)
            }
        }
        return result
    }
}
