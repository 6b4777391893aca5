import Foundation
import KaofaCore

// kaofa-bench: generates deterministic synthetic banks and measures the check and compile pipelines.
//
//   kaofa-bench generate DIR [--questions N] [--files N] [--seed N]
//   kaofa-bench run [--questions N] [--files N] [--seed N] [--runs N]
//
// `run` generates in memory, then times `check` (decode, parse, resolve, all checks including near-duplicate
// detection) and `compile` (check plus the kaofa.bank/1 JSON), and reports questions per second and the
// process's peak resident memory. See docs/benchmarks.md.

func option(_ name: String, default value: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let n = Int(arguments[index + 1]) else { return value }
    return n
}

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// CPU time of the whole process (user and system, all threads), in seconds.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // ru_maxrss is in KiB on Linux
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

guard case let .success(catalog) = LawCatalog.shipped else { fail("law catalog missing") }
let arguments = CommandLine.arguments
let questions = option("--questions", default: 100_000)
let fileCount = option("--files", default: 100)
let seed = UInt64(option("--seed", default: 20261124))
let runs = option("--runs", default: 3)
let generator = SyntheticBankGenerator(catalog: catalog)

switch arguments.dropFirst().first {
case "generate":
    guard arguments.count >= 3 else { fail("usage: kaofa-bench generate DIR [--questions N] [--files N] [--seed N]") }
    let directory = URL(fileURLWithPath: arguments[2])
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var bytes = 0
    for (name, text) in generator.generate(questionCount: questions, fileCount: fileCount, seed: seed) {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        bytes += text.utf8.count
    }
    print("wrote \(questions) questions in \(fileCount) files, \(bytes / 1_000_000) MB, to \(directory.path)")
case "roster":
    // A roster for the results benchmarks and demo (ExamSimulation): 编号,姓名,单位,市(州),县(市、区).
    print(ExamSimulation.roster(people: option("--people", default: 300), regions: option("--regions", default: 3),
                                units: option("--units", default: 12), seed: seed), terminator: "")
case "responses":
    // Answer sheets for a roster's papers, and the marks of their written items:
    // kaofa-bench responses PAPERS_DIR ROSTER [--min-participation PERCENT] [--ability-mean TENTHS] [--mis-key ID [--true-answer TEXT]] [--marks FILE]
    guard arguments.count >= 4 else {
        fail("usage: kaofa-bench responses PAPERS_DIR ROSTER [--min-participation 80] [--ability-mean 15] [--mis-key ID] [--marks FILE] [--seed N]")
    }
    func text(_ name: String) -> String? {
        arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    }
    let roster = try String(contentsOfFile: arguments[3], encoding: .utf8)
    let (sheets, marks) = try ExamSimulation.responses(
        papersDirectory: arguments[2], roster: roster, minimumParticipation: Double(option("--min-participation", default: 80)) / 100,
        abilityMean: Double(option("--ability-mean", default: 15)) / 10, misKeyed: text("--mis-key"),
        trueAnswer: text("--true-answer"), seed: seed)
    if let path = text("--marks") { try Data(marks.utf8).write(to: URL(fileURLWithPath: path)) }
    print(sheets, terminator: "")
case "province":
    // A simulated province for the results benchmark: kaofa-bench province DIR [--people N] [--units N] [--regions N]
    guard arguments.count >= 3 else { fail("usage: kaofa-bench province DIR [--people 1000000] [--units 2000] [--regions 21] [--questions 10000]") }
    let directory = URL(fileURLWithPath: arguments[2])
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let started = ContinuousClock.now
    try ProvinceSimulation.write(to: directory, people: option("--people", default: 1_000_000), units: option("--units", default: 2_000),
                                 regions: option("--regions", default: 21), questions: option("--questions", default: 10_000),
                                 catalog: catalog, generator: generator, randomSeed: seed)
    print("wrote \(directory.path): bank/, 基准测试卷.yaml, 名单.csv, 答卷.jsonl (seed \(ProvinceSimulation.seed)) in \(ContinuousClock.now - started)")
case "blueprint":
    // The 50-question blueprint of `assemble`, for serving the synthetic bank (scripts/serve-bench.sh).
    print(AssemblyBenchmark.blueprint)
case "run":
    let files = generator.generate(questionCount: questions, fileCount: fileCount, seed: seed)
        .map { (path: $0.0, bytes: Array($0.1.utf8)) }
    let megabytes = Double(files.reduce(0) { $0 + $1.bytes.count }) / 1_000_000
    print(String(format: "bank: %d questions, %d files, %.1f MB", questions, fileCount, megabytes))
    let clock = ContinuousClock()
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    var checkTimes: [Double] = [], compileTimes: [Double] = []
    var diagnosticsCount = 0, compiledQuestions = 0, outputBytes = 0
    for _ in 0..<runs {
        let start = clock.now
        let (bank, _) = BankCompiler.compile(raw: files, catalog: catalog)
        let checked = clock.now
        var outputSize = 0
        BankJSON.write(bank.questions, catalog: catalog) { outputSize += $0.count }
        let compiled = clock.now
        checkTimes.append(seconds(checked - start))
        compileTimes.append(seconds(compiled - start))
        diagnosticsCount = bank.diagnostics.count
        compiledQuestions = bank.questions.count
        outputBytes = outputSize
    }
    let bestCheck = checkTimes.min()!, bestCompile = compileTimes.min()!
    print("diagnostics: \(diagnosticsCount) (planted duplicates and near-duplicates)")
    print(String(format: "check:   best %.3f s of %d runs, %.0f questions/s", bestCheck, runs, Double(compiledQuestions) / bestCheck))
    print(String(format: "compile: best %.3f s of %d runs, %.0f questions/s, %.1f MB of JSON", bestCompile, runs,
                 Double(compiledQuestions) / bestCompile, Double(outputBytes) / 1_000_000))
    print(String(format: "peak memory: %.0f MB", peakMemoryMB()))
case "phases":
    // Where the time of one check goes: decoding, parsing, the whole front end, duplicate detection alone.
    let files = generator.generate(questionCount: questions, fileCount: fileCount, seed: seed)
        .map { (path: $0.0, bytes: Array($0.1.utf8)) }
    let clock = ContinuousClock()
    var start = clock.now
    let sources = files.compactMap { try? SourceDecoder.decode($0.bytes, path: $0.path).get() }
    print("decode:     \(clock.now - start)")
    start = clock.now
    var parsed = 0
    for source in sources { parsed += BankParser.parse(source).0.items.count }
    print("parse (1 core): \(clock.now - start) (\(parsed) items)")
    start = clock.now
    let bank = BankCompiler.compile(sources, catalog: catalog, keepSyntax: false)
    print("front end (all cores): \(clock.now - start)")
    let entries = bank.questions.map { DuplicateDetector.Entry(stem: $0.stem, options: $0.options.map(\.text)) }
    start = clock.now
    let matches = DuplicateDetector.find(entries)
    print("duplicates alone: \(clock.now - start) (\(matches.count) pairs)")
    start = clock.now
    _ = bank.diagnostics.sorted(by: Diagnostic.reportingOrder)
    print("sort diagnostics (\(bank.diagnostics.count)): \(clock.now - start)")
    for _ in 0..<2 {
        start = clock.now
        _ = bank.diagnostics.sortedForReporting()
        print("sort and de-duplicate diagnostics: \(clock.now - start)")
    }
    print(String(format: "peak memory: %.0f MB", peakMemoryMB()))
case "assemble":
    AssemblyBenchmark.run(catalog: catalog, generator: generator, questions: option("--questions", default: 10_000),
                          papers: option("--papers", default: 1_000_000), files: fileCount, seed: seed,
                          keys: !arguments.contains("--papers-only"))
default:
    fail("usage: kaofa-bench generate DIR | blueprint | run [--questions N] [--files N] [--seed N] [--runs N] | assemble [--questions N] [--papers N] [--papers-only]")
}
