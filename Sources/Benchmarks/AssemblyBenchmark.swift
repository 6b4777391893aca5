import CKaofaScan
import Dispatch
import Foundation
import KaofaCore
import KaofaRender

/// `kaofa-bench assemble`: per-examinee papers from a synthetic bank, each written as `kaofa.paper/1` and
/// `kaofa.key/1` JSON into a sink that only counts bytes, on every core. Reports papers per second, the latency of
/// single papers, and peak memory part-way and at the end (flat memory: papers are not kept).
enum AssemblyBenchmark {
    /// 50 questions, 100 points, crossed quotas on law (two laws and a category) and difficulty, two must-cover laws.
    static let blueprint = """
        title: 基准测试卷
        audience: 行政执法人员
        duration: 90
        total: 100
        pass: 60
        excellent: 90
        sections:
          - type: 单选题
            count: 30
            points: 2
          - type: 多选题
            count: 10
            points: 2
            scoring: 少选得一半
          - type: 判断题
            count: 10
            points: 2
        law:
          宪法: 10%
          民法典: 10%
          行政法: 20%
        difficulty:
          易: 30%
          中: 50%
          难: 20%
        must_cover: [行政复议法, 安全生产法]
        """

    /// With `keys: false` only the examinees' papers are written (what a server sends), not the answer keys.
    static func run(catalog: LawCatalog, generator: SyntheticBankGenerator, questions: Int, papers: Int, files: Int, seed: UInt64,
                    keys: Bool = true) {
        let raw = generator.generate(questionCount: questions, fileCount: files, seed: seed).map { (path: $0.0, bytes: Array($0.1.utf8)) }
        let bank = BankCompiler.compile(raw: raw, catalog: catalog, keepSyntax: false).0
        guard !bank.hasErrors else { fail("synthetic bank has errors") }
        let loaded = BlueprintLoader.load(path: "基准测试卷.yaml", bytes: Array(blueprint.utf8), catalog: catalog)
        guard let blueprint = loaded.blueprint else { fail("benchmark blueprint: \(loaded.diagnostics.map(\.message))") }
        let clock = ContinuousClock()
        var start = clock.now
        let plan: AssemblyPlan
        switch AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: catalog) {
        case let .success(made): plan = made
        case let .failure(failure): fail("plan: \(failure.diagnostics.map(\.message))")
        }
        let assembler = PaperAssembler(plan: plan, seed: "benchmark", bankDigest: BankJSON.digest(bank.questions))
        let pieces = QuestionPieces(assembler: assembler, catalog: catalog)
        guard pieces.covers(try! assembler.draw(.examinee("0"), in: assembler.makeWorkspace())) else { fail("case questions in the bank") }
        print("bank: \(bank.questions.count) questions; plan: \(plan.questions.count) eligible, \(clock.now - start)")

        // Each thread draws into its own workspace and writes the paper and key straight from the draw, as
        // `kaofa build --format jsonl` does.
        @Sendable func write(_ drawn: DrawnPaper, keys: Bool, into writer: inout JSONWriter) -> Int {
            writer.reset()
            PaperJSON.write(drawn, pieces: pieces, into: &writer)
            var bytes = writer.bytes.count
            guard keys else { return bytes }
            writer.reset()
            KeyJSON.write(drawn, pieces: pieces, into: &writer)
            bytes += writer.bytes.count
            return bytes
        }
        let workspace = assembler.makeWorkspace()
        var writer = JSONWriter(pretty: false, capacity: 256 << 10)

        // Latency of single papers, one core, after a few papers to warm caches and one-time initialisation.
        for index in 0..<20 { _ = try! assembler.draw(.examinee("warm-\(index)"), in: workspace) }
        var latencies: [Double] = []
        for index in 0..<2_000 {
            start = clock.now
            let drawn = try! assembler.draw(.examinee("latency-\(index)"), in: workspace)
            _ = write(drawn, keys: true, into: &writer)
            latencies.append(seconds(clock.now - start) * 1000)
        }
        if let slowest = latencies.indices.max(by: { latencies[$0] < latencies[$1] }) {
            // Draw the slowest paper again: a repeat of its time means the paper itself is slow, not the machine.
            start = clock.now
            _ = try! assembler.draw(.examinee("latency-\(slowest)"), in: workspace)
            print(String(format: "slowest paper: latency-%d, %.3f ms; drawn again: %.3f ms", slowest, latencies[slowest],
                         seconds(clock.now - start) * 1000))
        }
        latencies.sort()
        print(String(format: "one paper (draw + paper and key JSON): median %.3f ms, p99 %.3f ms, max %.3f ms",
                     latencies[latencies.count / 2], latencies[latencies.count * 99 / 100], latencies.last!))

        // Where one paper's time goes (one core), in this thread's CPU time so that other work on the machine does
        // not count: drawing papers, then writing papers drawn beforehand (kept as copies, which drawing alone does
        // not make).
        let split = 4_000
        var cpu = threadCPUSeconds()
        for index in 0..<split { _ = try! assembler.draw(.examinee("split-\(index)"), in: workspace) }
        let drawing = (threadCPUSeconds() - cpu) / Double(split)
        let kept = (0..<split).map { try! assembler.draw(.examinee("split-\($0)"), in: workspace) }
        cpu = threadCPUSeconds()
        for drawn in kept { _ = write(drawn, keys: true, into: &writer) }
        let writing = (threadCPUSeconds() - cpu) / Double(split)
        print(String(format: "per paper on one core (CPU time): drawing %.1f µs, paper and key JSON %.1f µs", drawing * 1e6,
                     writing * 1e6))
        if kaofa_scan_is_vectorised() != 0 {
            // The priority scan sixteen at a time (AVX-512) against one at a time, alternately in rounds of 500 papers so
            // that the machine's changing load falls on both alike.
            var vectorised = 0.0, portable = 0.0
            for round in 0..<16 {
                for allow in [Int32(1), 0] {
                    _ = kaofa_scan_allow_vectorised(allow)
                    let start = threadCPUSeconds()
                    for index in 0..<500 { _ = try! assembler.draw(.examinee("scan-\(round)-\(index)"), in: workspace) }
                    if allow == 1 { vectorised += threadCPUSeconds() - start } else { portable += threadCPUSeconds() - start }
                }
            }
            _ = kaofa_scan_allow_vectorised(1)
            print(String(format: "drawing with the priority scan in AVX-512: %.1f µs; one priority at a time: %.1f µs",
                         vectorised / 8_000 * 1e6, portable / 8_000 * 1e6))
        }

        // Throughput on all cores, in chunks; memory sampled after the first tenth.
        let chunk = 5_000
        let chunks = (papers + chunk - 1) / chunk
        let totals = Totals(chunks: chunks)
        var memoryAtTenth = 0.0
        start = clock.now
        let processCPUAtStart = processCPUSeconds()
        let tenth = max(chunks / 10, 2)
        for batch in stride(from: 0, to: chunks, by: tenth) {
            let upper = min(batch + tenth, chunks)
            DispatchQueue.concurrentPerform(iterations: upper - batch) { offset in
                let index = batch + offset
                let workspace = assembler.makeWorkspace()
                var writer = JSONWriter(pretty: false, capacity: 256 << 10)
                var bytes = 0
                for examinee in (index * chunk)..<min((index + 1) * chunk, papers) {
                    guard let drawn = try? assembler.draw(.examinee(String(examinee)), in: workspace) else { fail("paper failed") }
                    bytes += write(drawn, keys: keys, into: &writer)
                }
                totals.set(index, bytes)
            }
            if batch == 0 { memoryAtTenth = peakMemoryMB() }
        }
        let elapsed = seconds(clock.now - start)
        print(String(format: "%d papers of %d questions%@: %.2f s, %.0f papers/s, %.2f GB of JSON streamed",
                     papers, blueprint.itemCount, keys ? " with keys" : ", papers only", elapsed, Double(papers) / elapsed,
                     Double(totals.sum) / 1e9))
        // The same work in CPU time, which another program on the machine does not inflate: what the cores would
        // give if they were this benchmark's alone.
        let cpuPerPaper = (processCPUSeconds() - processCPUAtStart) / Double(papers)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(String(format: "CPU time: %.1f µs per paper (user and system, all threads); %d cores at that rate: %.0f papers/s",
                     cpuPerPaper * 1e6, cores, Double(cores) / cpuPerPaper))
        print(String(format: "peak memory: %.0f MB after the first tenth, %.0f MB at the end", memoryAtTenth, peakMemoryMB()))
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// Per-chunk byte counts, written by distinct iterations.
    final class Totals: @unchecked Sendable {
        private var counts: [Int]
        private let lock = NSLock()
        init(chunks: Int) { counts = Array(repeating: 0, count: chunks) }
        func set(_ index: Int, _ value: Int) { lock.lock(); counts[index] = value; lock.unlock() }
        var sum: Int { counts.reduce(0, +) }
    }
}
