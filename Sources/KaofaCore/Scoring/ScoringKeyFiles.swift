import Foundation

/// Finds the papers and keys `kaofa build` wrote in a directory — `<id>.paper.json` beside `<id>.key.json`, or
/// `papers.jsonl` beside `keys.jsonl` (`--format jsonl`) — and reads them into scoring keys, in sorted file order.
public enum ScoringKeyFiles {
    public static func load(directory: String) -> (keys: [ScoringKey], diagnostics: [Diagnostic]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return ([], [Diagnostic(.fileUnreadable, "找不到目录“\(directory)”", at: .wholeFile(directory),
                                    notes: [.help("--papers 指向 kaofa build --out 写出试卷的目录")])])
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { !$0.hasPrefix(".") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        var keys: [ScoringKey] = []
        var diagnostics: [Diagnostic] = []

        let paperFiles = names.filter { $0.hasSuffix(".paper.json") }
        let pairs = ParallelMap.map(paperFiles) { name -> Result<ScoringKey, Diagnostic> in
            let stem = String(name.dropLast(".paper.json".count))
            return pair(paperPath: base + name, keyPath: base + stem + ".key.json")
        }
        for result in pairs {
            switch result {
            case let .success(key): keys.append(key)
            case let .failure(diagnostic): diagnostics.append(diagnostic)
            }
        }
        if names.contains("papers.jsonl") {
            let (read, problems) = jsonLines(papersPath: base + "papers.jsonl", keysPath: base + "keys.jsonl")
            keys += read
            diagnostics += problems
        }
        if keys.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.noPapersToScore, "目录“\(directory)”中没有试卷和答案（*.paper.json 与 *.key.json，或 papers.jsonl 与 keys.jsonl）",
                                          at: .wholeFile(directory),
                                          notes: [.help("kaofa build --format json（或 jsonl）写出的目录里才有评分要用的试卷和答案")]))
        }
        // One paper id, one key: the same paper found twice (e.g. in both forms) is read once.
        var seen: Set<String> = []
        keys = keys.filter { seen.insert($0.paperID).inserted }
        return (keys, diagnostics)
    }

    static func pair(paperPath: String, keyPath: String) -> Result<ScoringKey, Diagnostic> {
        let paper: JSONValue, key: JSONValue
        switch readJSON(paperPath) {
        case let .success(value): paper = value
        case let .failure(diagnostic): return .failure(diagnostic)
        }
        guard FileManager.default.fileExists(atPath: keyPath) else {
            return .failure(Diagnostic(.unreadablePaperKey, "试卷 \(paperPath) 旁边没有它的答案 \(keyPath)", at: .wholeFile(paperPath),
                                       notes: [.help("评分需要 kaofa build 同时写出的试卷和答案；不要只复制试卷文件")]))
        }
        switch readJSON(keyPath) {
        case let .success(value): key = value
        case let .failure(diagnostic): return .failure(diagnostic)
        }
        return ScoringKey.read(paper: paper, key: key).mapError { failure in
            let path = failure.file == .paper ? paperPath : keyPath
            return Diagnostic(.unreadablePaperKey, "\(path)：\(failure.message)", at: .wholeFile(path),
                              notes: [.help("试卷和答案应是 kaofa build 写出的原样文件，不要手工修改")])
        }
    }

    static func readJSON(_ path: String) -> Result<JSONValue, Diagnostic> {
        guard let bytes = BankInput.readFile(path) else {
            return .failure(Diagnostic(.fileUnreadable, "无法读取文件“\(path)”", at: .wholeFile(path), notes: [.help("检查文件权限")]))
        }
        return JSONReader.read(bytes).mapError { failure in
            let position = position(of: failure.offset, in: bytes)
            return Diagnostic(.unreadablePaperKey, "“\(path)”不是有效的 JSON：\(failure.message)",
                              at: SourceRange(file: path, start: position, end: position),
                              notes: [.help("文件可能被截断或修改过；请使用 kaofa build 写出的原样文件")])
        }
    }

    static func jsonLines(papersPath: String, keysPath: String) -> ([ScoringKey], [Diagnostic]) {
        guard let paperBytes = BankInput.readFile(papersPath) else {
            return ([], [Diagnostic(.fileUnreadable, "无法读取文件“\(papersPath)”", at: .wholeFile(papersPath))])
        }
        guard let keyBytes = BankInput.readFile(keysPath) else {
            return ([], [Diagnostic(.unreadablePaperKey, "\(papersPath) 旁边没有 keys.jsonl", at: .wholeFile(papersPath),
                                    notes: [.help("评分需要 kaofa build --format jsonl 同时写出的 papers.jsonl 和 keys.jsonl")])])
        }
        var diagnostics: [Diagnostic] = []
        func lines(_ bytes: [UInt8], path: String) -> [(line: Int, value: JSONValue)] {
            var result: [(Int, JSONValue)] = []
            var start = 0, number = 1
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let content = bytes[start..<end]
                if content.contains(where: { $0 > 0x20 }) {
                    switch JSONReader.read(content) {
                    case let .success(value): result.append((number, value))
                    case let .failure(failure):
                        let position = SourcePosition(line: number, column: 1)
                        diagnostics.append(Diagnostic(.unreadablePaperKey, "“\(path)”第 \(number) 行不是有效的 JSON：\(failure.message)",
                                                      at: SourceRange(file: path, start: position, end: position)))
                    }
                }
                start = end + 1
                number += 1
            }
            return result
        }
        let papers = lines(paperBytes, path: papersPath), keyLines = lines(keyBytes, path: keysPath)
        var keyByPaper: [String: JSONValue] = [:]
        for (_, value) in keyLines {
            if let id = value["paperId"]?.stringValue { keyByPaper[id] = value }
        }
        var keys: [ScoringKey] = []
        for (line, paper) in papers {
            let position = SourcePosition(line: line, column: 1)
            let at = SourceRange(file: papersPath, start: position, end: position)
            guard let id = paper["id"]?.stringValue, let key = keyByPaper[id] else {
                diagnostics.append(Diagnostic(.unreadablePaperKey, "“\(papersPath)”第 \(line) 行的试卷在 keys.jsonl 中没有答案", at: at))
                continue
            }
            switch ScoringKey.read(paper: paper, key: key) {
            case let .success(scoringKey): keys.append(scoringKey)
            case let .failure(failure):
                diagnostics.append(Diagnostic(.unreadablePaperKey, "“\(papersPath)”第 \(line) 行：\(failure.message)", at: at))
            }
        }
        return (keys, diagnostics)
    }

    static func position(of offset: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1, lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).count + 1
        return SourcePosition(line: line, column: column)
    }
}
