import Testing
@testable import KaofaCore

@Suite("Duplicate detection")
struct DuplicateDetectorTests {
    typealias Entry = DuplicateDetector.Entry

    @Test("exact duplicates ignore width, punctuation, spacing and option order")
    func exact() {
        let matches = DuplicateDetector.find([
            Entry(stem: "中华人民共和国的一切权力属于（  ）。", options: ["人民", "政府"]),
            Entry(stem: "中华人民共和国的一切权力属于( )", options: ["政府 ", "人民"]),
            Entry(stem: "中华人民共和国的一切权力属于（  ）。", options: ["人民", "国家"]),
        ])
        // The third differs in one option: not an exact duplicate, but a near one.
        #expect(matches.map(\.exact) == [true, false])
        #expect(matches.map { [$0.first, $0.second] } == [[0, 1], [0, 2]])
    }

    @Test("near duplicates at and above the threshold are found, below it not")
    func near() {
        let base = "根据行政处罚法，违法行为在二年内未被发现的，不再给予行政处罚；涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年"
        var changed = Array(base)
        changed[10] = "改"
        let far = "村民委员会每届任期五年，届满应当及时举行换届选举，村民委员会成员可以连选连任"
        let matches = DuplicateDetector.find([Entry(stem: base, options: []), Entry(stem: String(changed), options: []),
                                              Entry(stem: far, options: [])])
        #expect(matches.count == 1)
        #expect(matches.first.map { ($0.first, $0.second, $0.exact) } ?? (0, 0, true) == (0, 1, false))
        #expect((matches.first?.similarity ?? 0) >= DuplicateDetector.threshold)
    }

    @Test("prefix filtering finds exactly the pairs an all-pairs comparison finds")
    func agreesWithBruteForce() {
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("法律行政处罚许可复议强制宪法民典人民政府村委会居委员国家公民权利义务")
        var entries: [Entry] = []
        for i in 0..<300 {
            if i % 7 == 0, let earlier = entries.randomElement(using: &rng) {
                var characters = Array(earlier.stem)
                for _ in 0..<Int(rng.next() % 6) { characters[Int(rng.next() % UInt64(characters.count))] = "变" }
                entries.append(Entry(stem: String(characters), options: []))
            } else {
                entries.append(Entry(stem: String((0..<40).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }), options: []))
            }
        }
        let fast = Set(DuplicateDetector.find(entries).filter { !$0.exact }.map { [$0.first, $0.second] })
        var slow = Set<[Int]>()
        let sets = entries.map { entry -> [UInt32] in
            var tokens: [UInt32] = []
            DuplicateDetector.appendTrigrams(TextNormalizer.normalize(entry.stem), to: &tokens)
            return Array(Set(tokens)).sorted()
        }
        let exact = Set(DuplicateDetector.find(entries).filter(\.exact).map(\.second))
        for i in entries.indices where !exact.contains(i) {
            for j in (i + 1)..<entries.count where !exact.contains(j) && sets[i].count >= DuplicateDetector.minimumTokens
                && sets[j].count >= DuplicateDetector.minimumTokens {
                let common = Set(sets[i]).intersection(sets[j]).count
                let union = sets[i].count + sets[j].count - common
                if Double(common) / Double(union) >= DuplicateDetector.threshold { slow.insert([i, j]) }
            }
        }
        #expect(!slow.isEmpty)
        #expect(fast == slow)
    }

    @Test("duplicates across files are reported at the later question with a note at the first")
    func acrossFiles() throws {
        let question = "1. 中华人民共和国的一切权力属于人民，人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。 {#%@ 条文=第二条}\n答案：正确"
        let bank = TestSupport.compile(files: [
            ("a.md", TestSupport.bank(section: "判断题", question: question.replacingOccurrences(of: "%@", with: "A-1"))),
            ("b.md", TestSupport.bank(section: "判断题", question: question.replacingOccurrences(of: "%@", with: "B-1"))),
        ])
        let d = try #require(bank.diagnostics.first)
        #expect(bank.diagnostics.count == 1)
        #expect(d.code == .duplicateQuestion)
        #expect(d.range.file == "b.md")
        #expect(d.notes.first?.range?.file == "a.md")
    }
}

