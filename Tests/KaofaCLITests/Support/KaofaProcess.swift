import Foundation
import Testing

/// What one run of the `kaofa` binary did.
struct RunResult: Sendable, CustomTestStringConvertible {
    /// The exit status, or the signal number when `terminatedBySignal`.
    var status: Int32
    var terminatedBySignal: Bool
    /// True when the run took longer than its limit and was killed.
    var timedOut: Bool
    var stdoutData: Data
    var stderrData: Data
    var duration: Duration

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    var stdoutLines: [String] { Self.lines(stdout) }
    var stderrLines: [String] { Self.lines(stderr) }

    /// Splits on `\n`; a final newline does not make an extra empty line.
    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    var testDescription: String {
        let shownErr = stderr.count > 2_000 ? String(stderr.prefix(2_000)) + "…" : stderr
        let shownOut = stdout.count > 2_000 ? String(stdout.prefix(2_000)) + "…" : stdout
        return "status \(status)\(terminatedBySignal ? " (signal)" : "")\(timedOut ? " (timed out)" : ""), "
            + "stdout: \(shownOut.debugDescription), stderr: \(shownErr.debugDescription)"
    }
}

enum KaofaBinaryError: Error, CustomStringConvertible {
    case notFound([String])

    var description: String {
        switch self {
        case let .notFound(searched):
            "The kaofa executable was not found next to the test bundle. Build it first (`swift build`; `swift test` "
                + "builds it too). Looked for: " + searched.joined(separator: ", ")
        }
    }
}

enum Kaofa {
    /// The built `kaofa` executable: the file named `kaofa` in the directory holding the running test bundle.
    /// On Linux, `swift test` runs `.build/<triple>/debug/kaofaPackageTests.xctest`, a plain executable, and both
    /// `Bundle.main.bundleURL` and the directory of `CommandLine.arguments[0]` are that build directory; on macOS
    /// the bundle is a `.xctest` directory whose parent is the build directory.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        let bundle = Bundle.main.bundleURL.standardizedFileURL
        candidates.append(bundle.appendingPathComponent("kaofa"))
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("kaofa"))
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("kaofa"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
        }
        throw KaofaBinaryError.notFound(candidates.map(\.path))
    }

    /// Runs `kaofa arguments` in `directory` (the test process's own directory when nil) with standard input
    /// closed, capturing standard output, standard error and the exit status. A run longer than `timeout`
    /// is killed and reported with `timedOut`.
    /// The registry builds record into unless a test names its own (`--db`): one file for this test process,
    /// never the repository's `.kaofa/`.
    static let registry = FileManager.default.temporaryDirectory
        .appendingPathComponent("kaofa-cli-tests-registry-\(ProcessInfo.processInfo.processIdentifier)/kaofa.sqlite").path

    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:],
                    timeout: Duration = .seconds(60)) async throws -> RunResult {
        let executable = try executable()
        // Capture into files rather than pipes: no reader threads, and a child that writes megabytes cannot block.
        let capture = FileManager.default.temporaryDirectory
            .appendingPathComponent("kaofa-cli-capture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: capture) }
        let outURL = capture.appendingPathComponent("stdout")
        let errURL = capture.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["KAOFA_DB"] = registry
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = outHandle
        process.standardError = errHandle

        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        try input.fileHandleForWriting.close()   // standard input: closed, reads see end of file
        try outHandle.close()
        try errHandle.close()

        var timedOut = false
        let deadline = start.advanced(by: timeout)
        while process.isRunning {
            if clock.now >= deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        process.waitUntilExit()
        let duration = clock.now - start

        return RunResult(status: process.terminationStatus,
                         terminatedBySignal: process.terminationReason == .uncaughtSignal,
                         timedOut: timedOut,
                         stdoutData: try Data(contentsOf: outURL),
                         stderrData: try Data(contentsOf: errURL),
                         duration: duration)
    }
}

/// Shorthand used by every test.
func kaofa(_ arguments: String..., in directory: URL? = nil, timeout: Duration = .seconds(60)) async throws -> RunResult {
    try await Kaofa.run(arguments, in: directory, timeout: timeout)
}

/// Checks the signs of a crash: a signal, a timeout, or the runtime's crash report on standard error.
func expectNoCrash(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!result.timedOut, "kaofa did not finish within the time limit", sourceLocation: sourceLocation)
    #expect(!result.terminatedBySignal, "kaofa was terminated by signal \(result.status)", sourceLocation: sourceLocation)
    #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    #expect(!result.stderr.contains("Stack dump"), sourceLocation: sourceLocation)
}
