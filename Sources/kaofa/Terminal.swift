import ArgumentParser
import Foundation
import KaofaCore
import KaofaRender

/// Writing to the terminal, and the choices every command that prints diagnostics shares.
enum Terminal {
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Ends the process with `status` without tearing down live objects.
    static func exit(_ status: Int32) -> Never {
        Foundation.exit(status)
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Options for commands that read banks and print diagnostics.
struct BankOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("题库文件或目录（目录中的 .md 文件按名称排序读取）(bank files or directories)", valueName: "path"))
    var paths: [String] = ["Banks"]

    @Option(name: .long, help: "颜色：auto、always、never（color）")
    var color: ColorChoice = .auto

    @Flag(name: .long, help: "把警告当作错误（treat warnings as errors）")
    var werror = false

    var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: Terminal.isTTY(2) && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }
}

/// The loaded bank and everything needed to report on it.
struct LoadedBank {
    var bank: CompiledBank
    var sources: [String: SourceFile]
    var ioDiagnostics: [Diagnostic]
    var catalog: LawCatalog
    /// Word, Excel and text files found beside the banks, which are not read (see `BankInput.Collected`).
    var otherFormats: [String] = []

    /// A line telling the teacher which files beside the banks were not checked, or nil.
    var otherFormatsNote: String? {
        guard !otherFormats.isEmpty else { return nil }
        let shown = otherFormats.prefix(5).joined(separator: "、") + (otherFormats.count > 5 ? " 等" : "")
        // Windows hides known extensions: `宪法题库.md` in Explorer may be `宪法题库.md.txt`.
        let renamed = otherFormats.contains { $0.lowercased().hasSuffix(".md.txt") } ? "以 .md.txt 结尾的改名为 .md；" : ""
        return "注意：\(shown) 不是 kaofa 题库文件（.md），没有检查；\(renamed)Word、Excel 中的题库可以用 kaofa import 转换\n"
    }

    /// All diagnostics, I/O first, with warnings promoted under `--werror`.
    func diagnostics(werror: Bool) -> [Diagnostic] {
        var all = ioDiagnostics + bank.diagnostics
        if werror {
            all = all.map { d in
                var d = d
                if d.severity == .warning { d.severity = .error }
                return d
            }
        }
        return all
    }

    func formatter(colors: Bool) -> DiagnosticFormatter {
        let sources = self.sources
        return DiagnosticFormatter(colors: colors) { file, line in sources[file]?.lineText(line) }
    }

    static func load(_ paths: [String], keepSyntax: Bool = false) throws -> LoadedBank {
        // The law catalog and its texts load on another core while the bank files are read.
        DispatchQueue.global().async { _ = LawCatalog.shipped }
        let collected = BankInput.collect(paths)
        let catalog = try Catalog.load()
        var (bank, sources) = BankCompiler.compile(raw: collected.files, catalog: catalog, keepSyntax: keepSyntax)
        // Images the bank shows must be there, and printable.
        let imageDiagnostics = sources.flatMap { ImageReferences.check($0, status: PaperImages.fileStatus) }
        if !imageDiagnostics.isEmpty {
            bank.diagnostics = (bank.diagnostics + imageDiagnostics).sorted(by: Diagnostic.reportingOrder)
        }
        return LoadedBank(bank: bank, sources: Dictionary(uniqueKeysWithValues: sources.map { ($0.path, $0) }),
                          ioDiagnostics: collected.diagnostics, catalog: catalog, otherFormats: collected.otherFormats)
    }
}

enum Catalog {
    /// Why the law texts kept next to the banks cannot be used: a diagnostic at a file's line, or a message.
    struct Failure: Error {
        var message: String
        var diagnostic: Diagnostic?
        var files: [LocalLaws.File] = []

        /// As printed: the diagnostic with the line it points at, or `kaofa: <message>`.
        var text: String {
            guard let diagnostic else { return "kaofa: \(message)\n" }
            let lines = Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.text.split(separator: "\n", omittingEmptySubsequences: false)) })
            let formatter = DiagnosticFormatter(colors: false) { file, line in
                lines[file].flatMap { line >= 1 && line <= $0.count ? String($0[line - 1]) : nil }
            }
            return formatter.format([diagnostic])
        }
    }

    /// The shipped catalog, with the law texts kept next to the banks (`Laws/`, docs/law-catalog.md §6.1) added.
    static func load() throws -> LawCatalog {
        switch extended(try shipped()) {
        case let .success(catalog): return catalog
        case let .failure(failure):
            Terminal.error(failure.text)
            throw ExitCode(2)
        }
    }

    /// The catalog kaofa ships.
    static func shipped() throws -> LawCatalog {
        switch LawCatalog.shipped {
        case let .success(shipped): return shipped
        case let .failure(error):
            Terminal.error("kaofa: 无法加载法律目录（law catalog）：\(error)\n")
            throw ExitCode(2)
        }
    }

    /// `catalog` with the texts of the laws directory added, read afresh (the server's reload calls this again).
    static func extended(_ catalog: LawCatalog) -> Result<LawCatalog, Failure> {
        let directory: String
        switch lawsDirectory() {
        case let .failure(failure): return .failure(failure)
        case .success(nil): return .success(catalog)
        case let .success(found?): directory = found
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } catch {
            return .failure(Failure(message: "无法读取法规原文目录 \(directory)"))
        }
        var files: [LocalLaws.File] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return .failure(Failure(message: "", diagnostic: Diagnostic(.invalidLawText, "无法读取这个法规原文文件，或者它不是 UTF-8 编码的文字",
                                                                             at: .line(1, of: path), notes: [.help("用记事本“另存为”，编码选 UTF-8")])))
            }
            files.append(LocalLaws.File(path: path, text: text))
        }
        return LocalLaws.extend(catalog, with: files).mapError { Failure(message: "", diagnostic: $0, files: files) }
    }

    /// `KAOFA_LAWS` when set (it must be a directory), else `Laws/` in the current directory when there is one.
    static func lawsDirectory() -> Result<String?, Failure> {
        var isDirectory: ObjCBool = false
        if let path = ProcessInfo.processInfo.environment["KAOFA_LAWS"], !path.isEmpty {
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                return .failure(Failure(message: "KAOFA_LAWS=\(path) 不是一个目录；它应当是放法规原文（.md）的目录"))
            }
            return .success(path)
        }
        return .success(FileManager.default.fileExists(atPath: "Laws", isDirectory: &isDirectory) && isDirectory.boolValue ? "Laws" : nil)
    }
}
