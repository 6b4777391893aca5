import CKaofaScan
import Testing
@testable import KaofaCore

/// Test vectors of docs/randomness.md: another implementation that reproduces these reproduces kaofa's papers.
@Suite("Randomness contract")
struct RandomnessTests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test("seed key, paper keys and streams")
    func keys() {
        let seedKey = Randomness.seedKey("2026-秋季")
        #expect(Self.hex(seedKey) == "9c610c2cbd644f8fb54e03edda2a72e2cd7b167b1867241c9f2aa4c0febf0ba4")
        let variant = Randomness.paperKey(seedKey: seedKey, subject: .variant("A"))
        #expect(Self.hex(variant.bytes) == "4cf03a2e9f331cb3402f13a44a125cce23e8bdd4ad1018f675336b68573b8fc5")
        #expect(Self.hex(Randomness.paperKey(seedKey: seedKey, subject: .examinee("517")).bytes)
            == "1612a0dafff44e8b6247c29566fad8c9b85b9f7eb80bc29ac8893a89807bcce0")
        #expect([variant.priorityKey, variant.strataKey, variant.orderKey, variant.optionsKey]
            == [0xB31C_339F_2E3A_F04C, 0xCE5C_124A_A413_2F40, 0xF618_10AD_D4BD_E823, 0xC58F_3B57_686B_3375])
        #expect(Randomness.idHash("XF-0001") == 0x5CE9_28F0_CC39_9703)
        #expect(variant.priority(idHash: Randomness.idHash("XF-0001")) == 0x1546_0DDD_9500_A2BC)
    }

    @Test("SplitMix64, bounded integers and Fisher–Yates")
    func generator() {
        var generator = SplitMix64(seed: 1)
        #expect([generator.next(), generator.next(), generator.next()] == [0x910A_2DEC_8902_5CC1, 0xBEEB_8DA1_658E_EC67, 0xF893_A2EE_FB32_555E])
        var shuffled = Array(0..<10)
        var shuffler = SplitMix64(seed: 1)
        shuffler.shuffle(&shuffled)
        #expect(shuffled == [9, 0, 1, 4, 8, 2, 3, 7, 6, 5])
    }

    @Test("bounded integers are unbiased: every residue of a small bound equally often")
    func unbiased() {
        var generator = SplitMix64(seed: 7)
        var counts = Array(repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[generator.bounded(6)] += 1 }
        // Expected 10,000 each; the standard deviation is about 91.
        for count in counts { #expect(abs(count - 10_000) < 460, "\(counts)") }
    }
}

/// The priority selection in C (`kaofa_lowest`): sixteen priorities at a time with AVX-512 where the processor has
/// it, one at a time otherwise; both must choose exactly the members the contract's priorities say.
@Suite("Priority scan", .serialized)
struct PriorityScanTests {
    @Test("chooses the k lowest priorities, as the contract's mix computes them, ties in position order, for any count and k")
    func lowest() {
        var generator = SplitMix64(seed: 99)
        for round in 0..<3_000 {
            let count = generator.bounded(round % 10 == 0 ? 600 : 70)
            // Id hashes from a small range in some rounds, so that equal hashes (and equal priorities) occur.
            let hashes = (0..<count).map { _ in round % 3 == 0 ? UInt64(generator.bounded(8)) : generator.next() }
            let key = generator.next()
            let k = generator.bounded(count + 3)
            let expected = hashes.enumerated().map { (priority: Randomness.mix(key ^ $0.element), position: $0.offset) }
                .sorted { $0.priority != $1.priority ? $0.priority < $1.priority : $0.position < $1.position }
                .prefix(k)
            for vectorised in [true, false] {
                var places = Array(repeating: kaofa_ranked(priority: 0, position: -1), count: max(k, 1))
                let filled = hashes.withUnsafeBufferPointer { buffer in
                    let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                    return places.withUnsafeMutableBufferPointer { places in
                        vectorised ? kaofa_lowest(base, count, key, k, places.baseAddress!)
                            : kaofa_lowest_portable(base, count, key, k, places.baseAddress!)
                    }
                }
                #expect(filled == expected.count, "round \(round)")
                #expect(places.prefix(filled).map(\.priority) == expected.map(\.priority), "round \(round)")
                #expect(places.prefix(filled).map(\.position) == expected.map(\.position), "round \(round)")
            }
        }
    }

    @Test("papers are the same with the scan sixteen at a time and one at a time")
    func samePapers() throws {
        for (name, plan, digest) in try PaperContractTests.plans() {
            let assembler = PaperAssembler(plan: plan, seed: "scan", bankDigest: digest)
            _ = kaofa_scan_allow_vectorised(1)
            defer { _ = kaofa_scan_allow_vectorised(1) }
            let fast = try (0..<60).map { try assembler.paper(for: .examinee("S\($0)")).get() }
            _ = kaofa_scan_allow_vectorised(0)
            #expect(kaofa_scan_is_vectorised() == 0)
            let plain = try (0..<60).map { try assembler.paper(for: .examinee("S\($0)")).get() }
            #expect(fast.map(\.id) == plain.map(\.id), "\(name)")
            #expect(fast.map { $0.sections.flatMap(\.items).map(\.question.id) } == plain.map { $0.sections.flatMap(\.items).map(\.question.id) },
                    "\(name)")
        }
    }
}
