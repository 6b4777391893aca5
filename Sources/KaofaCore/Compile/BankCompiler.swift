import Dispatch

/// A bank compiled from its files: questions in file order, every diagnostic, and the syntax trees (for `fmt`).
public struct CompiledBank: Sendable {
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
    /// does not depend on scheduling.
    public static func compile(_ sources: [SourceFile], catalog: LawCatalog) -> CompiledBank {
        let context = ResolutionContext(catalog: catalog)
        let results = ParallelMap.map(sources) { source -> (BankFileSyntax, FileDefaults, [Question], [Diagnostic]) in
            var (syntax, diagnostics) = BankParser.parse(source)
            let defaults = FileDefaults.resolve(syntax.frontMatter, context: context, diagnostics: &diagnostics)
            let resolver = QuestionResolver(context: context, defaults: defaults)
            let questions = syntax.questions.map { resolver.resolve($0, diagnostics: &diagnostics) }
            syntax.path = source.path
            return (syntax, defaults, questions, diagnostics)
        }
        var diagnostics = results.flatMap(\.3)
        let questions = results.flatMap(\.2)
        let files = results.map(\.0)
        BankChecks.run(questions, files: files, diagnostics: &diagnostics)
        return CompiledBank(files: files, defaults: results.map(\.1), questions: questions,
                            diagnostics: diagnostics.sortedForReporting())
    }

    /// Decodes raw files, then compiles those that decode. Files that cannot be read as UTF-8 text are
    /// reported and skipped.
    public static func compile(raw: [(path: String, bytes: [UInt8])], catalog: LawCatalog) -> (CompiledBank, [SourceFile]) {
        var sources: [SourceFile] = []
        var decodeDiagnostics: [Diagnostic] = []
        for file in raw {
            switch SourceDecoder.decode(file.bytes, path: file.path) {
            case let .success(source): sources.append(source)
            case let .failure(diagnostic): decodeDiagnostics.append(diagnostic)
            }
        }
        var bank = compile(sources, catalog: catalog)
        bank.diagnostics = (bank.diagnostics + decodeDiagnostics).sortedForReporting()
        return (bank, sources)
    }
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
