import Dispatch

/// A bank compiled from its files: questions in file order, every diagnostic, and the syntax trees (for `fmt`).
public struct CompiledBank: Sendable {
    /// Syntax trees, in file order; empty unless compiled with `keepSyntax`.
    public var files: [BankFileSyntax]
    public var defaults: [FileDefaults]
    public var questions: [Question]
    /// Sorted for reporting.
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.hasErrors }
}

/// The front end: source files → syntax → questions → checks.
public enum BankCompiler {
    /// Parses, resolves and checks the given files as one bank. Files are processed in parallel; the result
    /// does not depend on scheduling. Syntax trees are kept only when `keepSyntax` is set (for `fmt`): a
    /// bank of 100,000 questions checks in far less memory without them.
    public static func compile(_ sources: [SourceFile], catalog: LawCatalog, keepSyntax: Bool = true) -> CompiledBank {
        let context = ResolutionContext(catalog: catalog)
        let results = ParallelMap.map(sources) { source -> (BankFileSyntax?, FileDefaults, [Question], [Diagnostic], DuplicateDetector.Signatures) in
            var (syntax, diagnostics) = BankParser.parse(source)
            let defaults = FileDefaults.resolve(syntax.frontMatter, context: context, diagnostics: &diagnostics)
            let resolver = QuestionResolver(context: context, defaults: defaults)
            var questions: [Question] = []
            questions.reserveCapacity(syntax.items.count)
            for case let .question(question) in syntax.items {
                questions.append(resolver.resolve(question, diagnostics: &diagnostics))
            }
            BankChecks.numbering(syntax, diagnostics: &diagnostics)
            if questions.isEmpty, !diagnostics.hasErrors {
                diagnostics.append(Diagnostic(.noQuestions, "文件中没有任何题目", at: .wholeFile(source.path), notes: [
                    .help("题目以行首的题号开始，例如 1. 题干……，并写在题型标题（如 ## 一、单项选择题）之下；格式见 docs/bank-format.md"),
                ]))
            }
            syntax.path = source.path
            // The duplicate checks' signatures are computed here, while the file's text is in cache, on all cores.
            let signatures = BankChecks.duplicateSignatures(questions)
            return (keepSyntax ? syntax : nil, defaults, questions, diagnostics, signatures)
        }
        var diagnostics = results.flatMap(\.3)
        var questions: [Question] = []
        questions.reserveCapacity(results.reduce(0) { $0 + $1.2.count })
        for result in results { questions.append(contentsOf: result.2) }
        BankChecks.run(questions, signatures: DuplicateDetector.SignatureGroups(results.map(\.4)),
                       diagnostics: &diagnostics)
        return CompiledBank(files: results.compactMap(\.0), defaults: results.map(\.1), questions: questions,
                            diagnostics: diagnostics.sortedForReporting())
    }

    /// Decodes raw files, then compiles those that decode. Files that cannot be read as UTF-8 text are
    /// reported and skipped.
    public static func compile(raw: [(path: String, bytes: [UInt8])], catalog: LawCatalog,
                               keepSyntax: Bool = true) -> (CompiledBank, [SourceFile]) {
        let decoded = ParallelMap.map(raw.map { RawFile(path: $0.path, bytes: $0.bytes) }) {
            SourceDecoder.decode($0.bytes, path: $0.path)
        }
        var sources: [SourceFile] = []
        var decodeDiagnostics: [Diagnostic] = []
        for result in decoded {
            switch result {
            case let .success(source): sources.append(source)
            case let .failure(diagnostic): decodeDiagnostics.append(diagnostic)
            }
        }
        var bank = compile(sources, catalog: catalog, keepSyntax: keepSyntax)
        bank.diagnostics = (bank.diagnostics + decodeDiagnostics).sortedForReporting()
        return (bank, sources)
    }
}

private struct RawFile: Sendable {
    var path: String
    var bytes: [UInt8]
}

/// Order-preserving parallel map over the machine's cores.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count <= 1 { return items.map(transform) }
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            box.set(index, transform(items[index]))
        }
        return box.values()
    }

    /// Slots written by distinct iterations only; read after all iterations finish.
    private final class ResultBox<R>: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<R?>
        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil)
        }
        deinit {
            slots.baseAddress!.deinitialize(count: slots.count)
            slots.deallocate()
        }
        func set(_ index: Int, _ value: R) { slots[index] = value }
        func values() -> [R] { slots.map { $0! } }
    }
}
