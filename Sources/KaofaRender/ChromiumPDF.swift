import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Prints HTML pages to PDF with one headless Chromium for many pages: it talks the DevTools protocol over the
/// `--remote-debugging-pipe` file descriptors (3: commands in, 4: replies out; messages end with a NUL byte),
/// opens each file, and asks for `Page.printToPDF` with the page's own CSS page size and no browser header.
public final class ChromiumPDF {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// The executables tried, in order, on `PATH` (or the one `KAOFA_CHROMIUM` names).
    static let candidates = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"]

    /// How to install what PDF output needs, for the error when Chromium is missing.
    public static let installHint = "生成 PDF 需要 Chromium 和中文字体：apt-get install chromium fonts-noto-cjk"

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["KAOFA_CHROMIUM"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in candidates {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    private let process: pid_t
    private let commands: Int32
    private let replies: Int32
    private let profile: String
    private var pending: [UInt8] = []
    private var nextID = 0
    private var session: String = ""
    private var closed = false
    /// Events that arrived while waiting for a reply, for `waitForEvent`.
    private var events: [String] = []
    /// How long one reply may take before Chromium is given up on (a hung browser must not hang kaofa).
    static let replyTimeout: Int32 = 60_000

    public init(executable: String) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-chromium-\(UUID().uuidString)").path
        var toChromium: [Int32] = [0, 0], fromChromium: [Int32] = [0, 0]
        guard pipe(&toChromium) == 0, pipe(&fromChromium) == 0 else { throw Failure(description: "无法创建管道") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChromium[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChromium[1], 4)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
                         "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--user-data-dir=\(profile)",
                         "about:blank"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(toChromium[0])
        close(fromChromium[1])
        guard status == 0 else {
            close(toChromium[1])
            close(fromChromium[0])
            throw Failure(description: "无法启动 \(executable)（\(String(cString: strerror(status)))）")
        }
        process = pid
        commands = toChromium[1]
        replies = fromChromium[0]
        let target = try call("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "Chromium 没有打开页面") }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let sessionID = attached["sessionId"] as? String else { throw Failure(description: "Chromium 没有连接页面") }
        session = sessionID
        _ = try call("Page.enable", [:], inSession: true)
    }

    deinit { shutDown() }

    /// The PDF of a local HTML file, printed with its CSS `@page` size and margins.
    public func pdf(of file: URL) throws -> [UInt8] {
        _ = try call("Page.navigate", ["url": file.absoluteURL.absoluteString], inSession: true)
        try waitForEvent("Page.loadEventFired")
        let printed = try call("Page.printToPDF", ["printBackground": true, "preferCSSPageSize": true,
                                                   "displayHeaderFooter": false], inSession: true)
        guard let base64 = printed["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "Chromium 没有返回 PDF")
        }
        return Array(data)
    }

    /// Ends Chromium and removes its temporary profile.
    public func shutDown() {
        guard !closed else { return }
        closed = true
        _ = try? send("Browser.close", [:], inSession: false)
        close(commands)
        close(replies)
        // Give the browser three seconds to close, then end it.
        var status: Int32 = 0
        for _ in 0..<300 {
            if waitpid(process, &status, WNOHANG) != 0 { break }
            usleep(10_000)
        }
        if kill(process, 0) == 0 {
            kill(process, SIGKILL)
            waitpid(process, &status, 0)
        }
        try? FileManager.default.removeItem(atPath: profile)
    }

    // MARK: The protocol

    @discardableResult
    private func send(_ method: String, _ parameters: [String: Any], inSession: Bool) throws -> Int {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": parameters]
        if inSession { message["sessionId"] = session }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard written > 0 else { throw Failure(description: "Chromium 已退出") }
            offset += written
        }
        return nextID
    }

    private func call(_ method: String, _ parameters: [String: Any], inSession: Bool = false) throws -> [String: Any] {
        let id = try send(method, parameters, inSession: inSession)
        while true {
            let message = try receive()
            if let event = message["method"] as? String { events.append(event) }
            guard message["id"] as? Int == id else { continue }
            if let error = message["error"] as? [String: Any] {
                throw Failure(description: "Chromium：\(method) 失败：\(error["message"] as? String ?? "")")
            }
            return message["result"] as? [String: Any] ?? [:]
        }
    }

    private func waitForEvent(_ name: String) throws {
        if let seen = events.firstIndex(of: name) {
            events.removeSubrange(...seen)
            return
        }
        events.removeAll()
        while true {
            if try receive()["method"] as? String == name { return }
        }
    }

    private func receive() throws -> [String: Any] {
        while true {
            if let end = pending.firstIndex(of: 0) {
                let message = Array(pending[..<end])
                pending.removeSubrange(...end)
                guard let object = try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] else { continue }
                return object
            }
            var poller = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Self.replyTimeout) > 0 else {
                throw Failure(description: "Chromium 在 \(Self.replyTimeout / 1000) 秒内没有响应")
            }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let count = buffer.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
            guard count > 0 else { throw Failure(description: "Chromium 意外退出") }
            pending += buffer[..<count]
        }
    }
}
