import ArgumentParser
import Foundation
import KaofaCore

struct Fmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "把题库整理成统一格式（format banks）",
        discussion: """
        统一题号、选项标记、答案写法、全半角和空行，不改变题目内容；文件以原子方式写回。
        有语法错误（E00xx、E01xx）的文件不会被修改，请先按 kaofa check 的提示修正。
        --check 只检查：有文件需要整理时退出状态为 1。
        """
    )

    @OptionGroup var options: BankOptions

    @Flag(name: .long, help: "只检查格式，不修改文件（check only）")
    var check = false

    @Flag(name: .customLong("assign-ids"), help: "为没有编号的题目分配编号（assign ids to questions without one）")
    var assignIDs = false

    func run() throws {
        let loaded = try LoadedBank.load(options.paths, keepSyntax: true)
        let blocking = (loaded.ioDiagnostics + loaded.bank.diagnostics).filter(BankFormatter.blocksFormatting)
        if !blocking.isEmpty {
            Terminal.error(loaded.formatter(colors: options.useColor).format(blocking))
        }
        let blockedFiles = Set(blocking.map(\.range.file))
        let existing = loaded.bank.questions.flatMap { [$0.id] + $0.parts.map(\.id) }.compactMap { $0 }
        var allocator: BankFormatter.IDAllocator? = assignIDs ? .init(existingIDs: existing) : nil
        var changed: [String] = []
        for (file, defaults) in zip(loaded.bank.files, loaded.bank.defaults) where !blockedFiles.contains(file.path) {
            guard let source = loaded.sources[file.path] else { continue }
            let formatted = BankFormatter().format(file, idPrefix: defaults.idPrefix, allocator: &allocator)
            let original = String(decoding: source.bytes, as: UTF8.self)
            guard formatted != original else { continue }
            changed.append(file.path)
            if check { continue }
            do {
                try AtomicFile.write(to: file.path) { try $0(Array(formatted.utf8)[...]) }
            } catch {
                Terminal.error("kaofa: 无法写入 \(file.path)：\(error.localizedDescription)\n")
                throw ExitCode(2)
            }
        }
        for path in changed { Terminal.error((check ? "需要整理：" : "已整理：") + path + "\n") }
        if !loaded.ioDiagnostics.isEmpty { throw ExitCode(2) }
        if !blocking.isEmpty { throw ExitCode(1) }
        if check && !changed.isEmpty { throw ExitCode(1) }
        if changed.isEmpty { Terminal.error("所有文件格式都已规范\n") }
    }
}
