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
        let results = ParallelMap.map(sources) {
            compileFile($0, context: context, keepSyntax: keepSyntax, partSize: partSize, partLines: BankParser.partLines)
        }
        return merge(results)
    }

    /// Decodes raw files, then compiles those that decode. Files that cannot be read as UTF-8 text are
    /// reported and skipped.
    public static func compile(raw: [(path: String, bytes: [UInt8])], catalog: LawCatalog,
                               keepSyntax: Bool = true) -> (CompiledBank, [SourceFile]) {
        compile(raw: raw, catalog: catalog, keepSyntax: keepSyntax, partSize: partSize, partLines: BankParser.partLines)
    }

    /// The same, parsing and resolving files of at least two parts of about `partLines` lines in parts, and resolving
    /// other files of at least two parts of `partSize` syntax items in parts (tests vary both: the bank is the same
    /// whatever the parts).
    static func compile(raw: [(path: String, bytes: [UInt8])], catalog: LawCatalog, keepSyntax: Bool,
                        partSize: Int, partLines: Int) -> (CompiledBank, [SourceFile]) {
        let context = ResolutionContext(catalog: catalog)
        // Each file is decoded and compiled by one task, while its text is in cache.
        let results = ParallelMap.map(raw.map { RawFile(path: $0.path, bytes: $0.bytes) }) { file -> FileResult in
            switch SourceDecoder.decode(file.bytes, path: file.path) {
            case let .success(source):
                compileFile(source, context: context, keepSyntax: keepSyntax, partSize: partSize, partLines: partLines)
            case let .failure(diagnostic): FileResult(failure: diagnostic)
            }
        }
        return (merge(results), results.compactMap(\.source))
    }

    /// What compiling one file yields.
    private struct FileResult: Sendable {
        /// Nil when the file could not be decoded.
        var source: SourceFile?
        var syntax: BankFileSyntax?
        var defaults: FileDefaults?
        /// The file's questions in order, in one buffer or, for a large file resolved in parts, one per part.
        var questions: [QuestionBuffer] = []
        var diagnostics: [Diagnostic]
        /// The duplicate checks' signatures of each buffer.
        var signatures: [DuplicateDetector.Signatures] = []

        init(source: SourceFile, syntax: BankFileSyntax?, defaults: FileDefaults, questions: [QuestionBuffer],
             diagnostics: [Diagnostic], signatures: [DuplicateDetector.Signatures]) {
            self.source = source
            self.syntax = syntax
            self.defaults = defaults
            self.questions = questions
            self.diagnostics = diagnostics
            self.signatures = signatures
        }

        init(failure: Diagnostic) { diagnostics = [failure] }
    }

    private static func compileFile(_ source: SourceFile, context: ResolutionContext, keepSyntax: Bool, partSize: Int,
                                    partLines: Int) -> FileResult {
        var diagnostics: [Diagnostic] = []
        let (frontMatter, bodyStart) = FrontMatterParser.parse(source, diagnostics: &diagnostics)
        let ranges = BankParser.partRanges(source, bodyStart: bodyStart, partLines: partLines)
        if ranges.count > 1,
           let result = compileInParts(source, frontMatter: frontMatter, ranges: ranges, diagnostics: diagnostics,
                                       context: context, keepSyntax: keepSyntax) {
            return result
        }
        let (syntax, parsed) = BankParser.parseBody(source, frontMatter: frontMatter, bodyStart: bodyStart, diagnostics: diagnostics)
        diagnostics = parsed
        let defaults = FileDefaults.resolve(syntax.frontMatter, context: context, diagnostics: &diagnostics)
        let resolver = QuestionResolver(context: context, defaults: defaults)
        var buffers: [QuestionBuffer] = [], signatures: [DuplicateDetector.Signatures] = []
        let items = syntax.items
        if items.count / 2 < partSize {
            let questions = QuestionBuffer(capacity: items.count)
            for case let .question(question) in items {
                questions.append(resolver.resolve(question, diagnostics: &diagnostics))
            }
            // The duplicate checks' signatures are computed here, while the file's text is in cache, on all cores.
            signatures = [questions.withElements(BankChecks.duplicateSignatures)]
            buffers = [questions]
        } else {
            // A large file that is not parsed in parts is resolved in parts on all cores: each question is resolved on
            // its own, and the parts' questions and diagnostics are taken in order, as above.
            let parts = ParallelMap.map(Array(stride(from: 0, to: items.count, by: partSize))) { start in
                var partDiagnostics: [Diagnostic] = []
                let range = start..<min(start + partSize, items.count)
                let questions = QuestionBuffer(capacity: range.count)
                for case let .question(question) in items[range] {
                    questions.append(resolver.resolve(question, diagnostics: &partDiagnostics))
                }
                return (questions, partDiagnostics, questions.withElements(BankChecks.duplicateSignatures))
            }
            for (questions, partDiagnostics, partSignatures) in parts {
                buffers.append(questions)
                diagnostics += partDiagnostics
                signatures.append(partSignatures)
            }
        }
        BankChecks.numbering(syntax, diagnostics: &diagnostics)
        return FileResult(source: source, syntax: keepSyntax ? syntax : nil, defaults: defaults, questions: buffers,
                          diagnostics: noQuestions(buffers, source: source, diagnostics: diagnostics), signatures: signatures)
    }

    /// A large file (one bank written by kaofa import, say) parsed and resolved in parts on all cores: each part is
    /// parsed from a fresh state (`BankParser.parsePart`), its questions resolved and its syntax let go by the same
    /// task, and the parts' diagnostics taken in the order the whole file's would have (the parse's, the defaults',
    /// the questions', the numbering's). Nil when the parts do not join (`BankParser.partsJoin`): the caller parses
    /// the file in one piece.
    private static func compileInParts(_ source: SourceFile, frontMatter: FrontMatterSyntax?, ranges: [Range<Int>],
                                       diagnostics frontMatterDiagnostics: [Diagnostic], context: ResolutionContext,
                                       keepSyntax: Bool) -> FileResult? {
        var defaultsDiagnostics: [Diagnostic] = []
        let defaults = FileDefaults.resolve(frontMatter, context: context, diagnostics: &defaultsDiagnostics)
        let resolver = QuestionResolver(context: context, defaults: defaults)
        let bodyStart = ranges[0].lowerBound
        let parts = ParallelMap.map(ranges) { lines -> CompiledPart in
            var parsed = BankParser.parsePart(source, lines: lines, bodyStart: bodyStart)
            var diagnostics: [Diagnostic] = []
            let questions = QuestionBuffer(capacity: parsed.items.count)
            for case let .question(question) in parsed.items {
                questions.append(resolver.resolve(question, diagnostics: &diagnostics))
            }
            let numbering = BankChecks.NumberingItem.of(parsed.items)
            // The part's syntax is let go here, on this core, unless it is kept (for fmt).
            if !keepSyntax { parsed.items = [] }
            return CompiledPart(parsed: parsed, numbering: numbering, questions: questions, diagnostics: diagnostics,
                                signatures: questions.withElements(BankChecks.duplicateSignatures))
        }
        guard BankParser.partsJoin(parts.map(\.parsed)) else { return nil }
        var diagnostics = frontMatterDiagnostics + parts.flatMap(\.parsed.diagnostics) + defaultsDiagnostics
        diagnostics += parts.flatMap(\.diagnostics)
        BankChecks.numbering(parts.flatMap(\.numbering), diagnostics: &diagnostics)
        var syntax: BankFileSyntax?
        if keepSyntax {
            var items = parts.map(\.parsed.items)
            syntax = BankFileSyntax(path: source.path, frontMatter: frontMatter, items: BankParser.moveAll(&items))
        }
        let buffers = parts.map(\.questions)
        return FileResult(source: source, syntax: syntax, defaults: defaults, questions: buffers,
                          diagnostics: noQuestions(buffers, source: source, diagnostics: diagnostics),
                          signatures: parts.map(\.signatures))
    }

    /// One part of a file compiled in parts.
    private struct CompiledPart: Sendable {
        var parsed: BankParser.Part
        var numbering: [BankChecks.NumberingItem]
        var questions: QuestionBuffer
        var diagnostics: [Diagnostic]
        var signatures: DuplicateDetector.Signatures
    }

    /// The diagnostics with “no questions” added when the file has none and nothing else is wrong with it.
    private static func noQuestions(_ buffers: [QuestionBuffer], source: SourceFile, diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard buffers.allSatisfy({ $0.count == 0 }), !diagnostics.hasErrors else { return diagnostics }
        return diagnostics + [Diagnostic(.noQuestions, "文件中没有任何题目", at: .wholeFile(source.path), notes: [
            .help("题目以行首的题号开始，例如 1. 题干……，并写在题型标题（如 ## 一、单项选择题）之下；格式见 docs/bank-format.md"),
        ])]
    }

    /// Syntax items per part when a large file (two parts or more) is resolved in parts.
    static let partSize = 2_048

    /// The files' results as one bank, in file order, with the checks across files.
    private static func merge(_ results: [FileResult]) -> CompiledBank {
        var diagnostics = results.flatMap(\.diagnostics)
        let questions = QuestionBuffer.moveAll(results.flatMap(\.questions))
        BankChecks.run(questions, signatures: DuplicateDetector.SignatureGroups(results.flatMap(\.signatures)),
                       diagnostics: &diagnostics)
        return CompiledBank(files: results.compactMap(\.syntax), defaults: results.compactMap(\.defaults),
                            questions: questions, diagnostics: diagnostics.sortedForReporting())
    }
}

private struct RawFile: Sendable {
    var path: String
    var bytes: [UInt8]
}

/// The questions of one file. They are moved, not copied, into the bank's array: a copy would retain (and
/// later release) every string and array of 100,000 questions, on one core.
private final class QuestionBuffer: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Question>
    private let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func append(_ question: Question) {
        precondition(count < capacity)
        (base + count).initialize(to: question)
        count += 1
    }

    func withElements<R>(_ body: (UnsafeBufferPointer<Question>) -> R) -> R {
        body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The buffers' questions in order, as one array; the buffers are left empty. The two halves of the array
    /// are filled on two cores (its pages are new, and faulting them in costs more than the copy).
    static func moveAll(_ buffers: [QuestionBuffer]) -> [Question] {
        var starts = [0]
        for buffer in buffers { starts.append(starts.last! + buffer.count) }
        let offsets = starts, total = starts.last!
        guard total > 0 else { return [] }
        return [Question](unsafeUninitializedCapacity: total) { destination, initialized in
            let target = ParallelMap.Disjoint(destination.baseAddress!)
            let middle = buffers.count / 2
            _ = ParallelMap.map([0..<middle, middle..<buffers.count]) { range in
                for index in range {
                    (target.value + offsets[index]).moveInitialize(from: buffers[index].base, count: buffers[index].count)
                    buffers[index].count = 0
                }
            }
            initialized = total
        }
    }
}

/// Order-preserving parallel map over the machine's cores.
public enum ParallelMap {
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        if items.count <= 1 { return items.map(transform) }
        let box = ResultBox<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            box.set(index, transform(items[index]))
        }
        return box.values()
    }

    /// Memory (a pointer or buffer) handed to the tasks of a `map` that each read or fill only their own part of it,
    /// parts that do not overlap; the caller keeps the memory alive until `map` returns.
    public struct Disjoint<Value>: @unchecked Sendable {
        public let value: Value
        public init(_ value: Value) { self.value = value }
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
