import KaofaCore

extension Terminal {
    /// Prints diagnostics with their source lines; at most 50, then how many more there are.
    static func report(_ diagnostics: [Diagnostic], sources: [String: [UInt8]], useColor: Bool) {
        guard !diagnostics.isEmpty else { return }
        let shown = Array(diagnostics.prefix(50))
        let wanted = Set(shown.map { "\($0.range.file)\u{0}\($0.range.start.line)" })
        var lines: [String: String] = [:]
        for (path, bytes) in sources {
            var line = 1, start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
                let key = "\(path)\u{0}\(line)"
                if wanted.contains(key) {
                    var end = index
                    if end > start, bytes[end - 1] == 0x0D { end -= 1 }
                    lines[key] = String(decoding: bytes[start..<end], as: UTF8.self)
                }
                line += 1
                start = index + 1
            }
        }
        let found = lines
        let formatter = DiagnosticFormatter(colors: useColor) { file, line in found["\(file)\u{0}\(line)"] }
        Terminal.error(formatter.format(shown))
        if diagnostics.count > shown.count { Terminal.error("……另有 \(diagnostics.count - shown.count) 个问题未列出\n") }
    }
}
