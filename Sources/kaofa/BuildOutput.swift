import ArgumentParser
import Foundation
import KaofaRender

/// The files of one build, written into a staging directory beside the output directory and moved into place only
/// when the whole build has succeeded. A failed build, or one interrupted by Ctrl-C or SIGTERM, leaves no files
/// (a kill -9 can leave the hidden staging directory, never a partial output directory).
final class BuildOutput {
    let directory: String
    let staging: String
    private var names: [String] = []
    /// Whether the output directory did not exist before this build (it is then the renamed staging directory).
    private let createdDirectory: Bool

    init(directory: String) throws {
        self.directory = directory
        let trimmed = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        staging = trimmed + ".kaofa-staging-\(ProcessInfo.processInfo.processIdentifier)"
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        createdDirectory = !exists
        if exists && !isDirectory.boolValue {
            Terminal.error("kaofa: 输出路径 \(directory) 已经存在，而且不是目录；请换一个 --out 目录\n")
            throw ExitCode(2)
        }
        do {
            // A new output directory is the staging directory renamed at the end; an existing one receives the files.
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            Terminal.error("kaofa: 无法创建输出目录 \(directory)（检查路径和写权限）\n")
            throw ExitCode(2)
        }
        BuildOutput.installInterruptHandler()
    }

    /// Writes one file into the staging directory; returns its name.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = staging + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        names.append(name)
        return name
    }

    /// A file in the staging directory written in pieces, for outputs too large to hold (JSON Lines).
    func stream(_ name: String) throws -> StreamedFile {
        let path = staging + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        names.append(name)
        return StreamedFile(handle: handle)
    }

    /// PDFs printed from HTML pages, in order, the pages shared out among the browsers (each prints its share one
    /// after another). Each page is written to the staging directory (so relative paths resolve beside it) and
    /// removed once printed.
    func print(_ pages: [[UInt8]], with printers: [ChromiumPDF]) throws -> [[UInt8]] {
        guard !pages.isEmpty, !printers.isEmpty else { return [] }
        let box = PrintResults(count: pages.count)
        let shared = UncheckedPrinters(printers: printers)
        let staging = self.staging
        let lanes = printers.count
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            for index in stride(from: lane, to: pages.count, by: lanes) {
                let path = staging + "/.print-\(index).html"
                do {
                    guard FileManager.default.createFile(atPath: path, contents: Data(pages[index])) else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
                    }
                    defer { try? FileManager.default.removeItem(atPath: path) }
                    box.set(index, .success(try shared.printers[lane].pdf(of: URL(fileURLWithPath: path))))
                } catch {
                    box.set(index, .failure(error))
                }
            }
        }
        return try box.values().map { try $0.get() }
    }

    /// The build's papers on their way into the registry: recorded (in one transaction) just before the files are
    /// put in place, abandoned with them.
    var registry: RegistrySession?

    /// Records the build in the registry, then puts the files in place: a new output directory is the staging
    /// directory renamed (one atomic step); into an existing one every file is moved (each move atomic), then the
    /// staging directory is removed. A paper recorded but not written can be made again (`kaofa reproduce`); one
    /// written but not recorded could not be accounted for, so the registry goes first.
    func commit() throws {
        try registry?.finish()
        if createdDirectory, !FileManager.default.fileExists(atPath: directory) {
            guard rename(staging, directory) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory])
            }
            return
        }
        for name in names {
            guard rename(staging + "/" + name, directory + "/" + name) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: directory + "/" + name])
            }
        }
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Removes everything this build wrote.
    func discard() {
        registry?.abandon()
        try? FileManager.default.removeItem(atPath: staging)
    }

    /// Ctrl-C and SIGTERM only raise a flag; the build checks it between papers, discards its files and exits.
    private static func installInterruptHandler() {
        let handler: @convention(c) (Int32) -> Void = { signal in interruptSignal = signal }
        Foundation.signal(SIGINT, handler)
        Foundation.signal(SIGTERM, handler)
    }

    /// Whether Ctrl-C or SIGTERM arrived.
    var interrupted: Bool { interruptSignal != 0 }

    /// Discards the build and exits if an interrupt arrived.
    func exitIfInterrupted() {
        guard interruptSignal != 0 else { return }
        discard()
        Terminal.error("\n已中断，未写出任何文件\n")
        Terminal.exit(128 + interruptSignal)
    }
}

nonisolated(unsafe) private var interruptSignal: Int32 = 0

/// Lines appended to a file through a buffer of about a megabyte.
final class StreamedFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func appendLine(_ bytes: [UInt8]) throws {
        buffer += bytes
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        try handle.close()
    }
}

/// The browsers, each used by one lane of `print` only.
private struct UncheckedPrinters: @unchecked Sendable {
    let printers: [ChromiumPDF]
}

/// Printed PDFs by page, each slot written by one lane.
private final class PrintResults: @unchecked Sendable {
    private var slots: [Result<[UInt8], any Error>?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<[UInt8], any Error>) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [Result<[UInt8], any Error>] { slots.map { $0 ?? .failure(CocoaError(.fileWriteUnknown)) } }
}
