import Foundation
import KaofaCore

/// A simulated exam, for the results benchmarks, the item-analysis tests and the demo in docs/results.md: a roster of
/// staff in units and regions, and the answer sheets they write, from a documented item-response model.
///
/// The model (two-parameter logistic): examinee ability θ ~ N(μ, 1), μ = 1.5 unless given (staff who studied for a
/// 学法考法 exam answer most items right); a question's difficulty b is −1 (易), 0 (中) or
/// +1 (难) plus an offset in [−0.5, 0.5] fixed by its id; an examinee answers an objective item right with
/// probability 1 / (1 + e^(−1.7(θ − b))), and otherwise picks a wrong option (判断: the opposite; 多选: the key with
/// one option missing or one wrong option added; 填空: a wrong text). Each unit has its own participation rate,
/// uniform in [min, 1]: a person sits the exam with that probability. Everything is drawn from SplitMix64 seeded by the
/// seed and the ids involved, so the same command writes the same bytes. Written items (简答, written case parts) get a
/// marker's points: their full points times 1 / (1 + e^(−1.7(θ − b))), rounded down to half points, written as a marks
/// CSV (`kaofa score --marks`).
///
/// `misKeyed` simulates a wrong key: for that question id the examinees who know the answer choose the option that
/// is really right — the option whose text is `trueAnswer`, or else the unkeyed option whose text sorts first — so the
/// key scores them wrong, and item analysis must flag the question.
enum ExamSimulation {
    static func hash(_ parts: String...) -> UInt64 {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                value ^= UInt64(byte)
                value = value &* 0x100_0000_01B3
            }
            value ^= 0xFF
            value = value &* 0x100_0000_01B3
        }
        return value
    }

    static func uniform(_ random: inout SplitMix64) -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    static func normal(_ random: inout SplitMix64) -> Double {
        // Box–Muller.
        let u = max(uniform(&random), 1e-12), v = uniform(&random)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// `people` staff in `units` units under `regions` 市(州), each with three 县(市、区).
    static func roster(people: Int, regions: Int, units: Int, seed: UInt64) -> String {
        var out = "编号,姓名,单位,市(州),县(市、区)\n"
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
        let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华")
        for index in 0..<people {
            var random = SplitMix64(seed: hash("roster", String(seed), String(index)))
            // Units are spread evenly; each unit lies in one 县 of one 市.
            let unit = index % units
            let region = unit % regions, county = (unit / regions) % 3
            let name = String(surnames[Int(random.next() % UInt64(surnames.count))])
                + String(given[Int(random.next() % UInt64(given.count))]) + String(given[Int(random.next() % UInt64(given.count))])
            out += String(format: "%07d", index + 1) + ",\(name),第\(unit + 1)单位,第\(region + 1)市,第\(region + 1)市第\(county + 1)县\n"
        }
        return out
    }

    /// Answer sheets (JSON Lines) for the roster people whose papers are in `papersDirectory`.
    static func responses(papersDirectory: String, roster: String, minimumParticipation: Double, abilityMean: Double, misKeyed: String?,
                          trueAnswer: String? = nil, seed: UInt64) throws -> (sheets: String, marks: String) {
        var markColumns: [String] = []
        var markRows: [(String, [String: Double])] = []
        // Papers and keys by examinee.
        var papers: [String: (paper: [String: Any], key: [String: Any])] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: papersDirectory) where name.hasSuffix(".paper.json") {
            let stem = String(name.dropLast(".paper.json".count))
            let paper = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(papersDirectory)/\(name)"))) as? [String: Any] ?? [:]
            let key = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(papersDirectory)/\(stem).key.json"))) as? [String: Any] ?? [:]
            if let examinee = (paper["examinee"] as? [String: Any])?["id"] as? String { papers[examinee] = (paper, key) }
        }
        var out = ""
        for line in roster.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, let (paper, key) = papers[fields[0]] else { continue }
            var unitRandom = SplitMix64(seed: hash("unit", String(seed), fields[2]))
            let participation = minimumParticipation + (1 - minimumParticipation) * uniform(&unitRandom)
            var random = SplitMix64(seed: hash("examinee", String(seed), fields[0]))
            guard uniform(&random) < participation else { continue }
            let ability = abilityMean + normal(&random)
            var marks: [String: Double] = [:]
            func mark(_ item: [String: Any], number: String, points: Double) {
                let chance = 1 / (1 + exp(-1.7 * (ability - difficulty(item))))
                marks[number] = (points * chance * 2).rounded(.down) / 2
                if !markColumns.contains(number) { markColumns.append(number) }
            }
            var keyItems: [Int: [String: Any]] = [:]
            for item in key["items"] as? [[String: Any]] ?? [] { keyItems[item["number"] as? Int ?? 0] = item }
            var answers: [(String, [String])] = []
            for section in paper["sections"] as? [[String: Any]] ?? [] {
                for item in section["items"] as? [[String: Any]] ?? [] {
                    let number = item["number"] as? Int ?? 0
                    let keyItem = keyItems[number] ?? [:]
                    if item["type"] as? String == "case" {
                        let parts = item["parts"] as? [[String: Any]] ?? []
                        let keyParts = keyItem["parts"] as? [[String: Any]] ?? []
                        // Part points as the scorer shares them: equally, in hundredths, the first parts taking the rest.
                        let total = Int(((item["points"] as? NSNumber)?.doubleValue ?? 0) * 100)
                        for (index, (part, keyPart)) in zip(parts, keyParts).enumerated() {
                            let partNumber = "\(number).\(part["number"] as? Int ?? 0)"
                            if part["type"] as? String == "short_answer" {
                                let share = total / parts.count + (index < total % parts.count ? 1 : 0)
                                mark(part, number: partNumber, points: Double(share) / 100)
                            } else if let answer = answer(part, key: keyPart, ability: ability, misKeyed: misKeyed, trueAnswer: trueAnswer, random: &random) {
                                answers.append((partNumber, answer))
                            }
                        }
                    } else if item["type"] as? String == "short_answer" {
                        mark(item, number: "\(number)", points: (item["points"] as? NSNumber)?.doubleValue ?? 0)
                    } else if let answer = answer(item, key: keyItem, ability: ability, misKeyed: misKeyed, trueAnswer: trueAnswer, random: &random) {
                        answers.append(("\(number)", answer))
                    }
                }
            }
            let sheet = JSONValue.object([
                ("paperId", .string(paper["id"] as? String ?? "")), ("examinee", .string(fields[0])),
                ("answers", .object(answers.map { ($0.0, .array($0.1.map(JSONValue.string))) })),
            ])
            out += sheet.serializedString(pretty: false) + "\n"
            markRows.append((fields[0], marks))
        }
        var marksCSV = "编号," + markColumns.joined(separator: ",") + "\n"
        for (examinee, marks) in markRows {
            marksCSV += examinee + "," + markColumns.map { number in
                marks[number].map { Points($0)?.description ?? "" } ?? ""
            }.joined(separator: ",") + "\n"
        }
        return (out, marksCSV)
    }

    /// The model difficulty of a question: its 难度 and an offset fixed by its id.
    static func difficulty(_ item: [String: Any]) -> Double {
        let base: Double = switch item["difficulty"] as? String {
        case "easy": -1
        case "hard": 1
        default: 0
        }
        var offsetRandom = SplitMix64(seed: hash("difficulty", item["id"] as? String ?? ""))
        return base + uniform(&offsetRandom) - 0.5
    }

    /// One examinee's answer to one item under the model; nil for written items and skipped items.
    static func answer(_ item: [String: Any], key: [String: Any], ability: Double, misKeyed: String?, trueAnswer: String?,
                       random: inout SplitMix64) -> [String]? {
        let id = item["id"] as? String ?? ""
        let knows = uniform(&random) < 1 / (1 + exp(-1.7 * (ability - difficulty(item))))
        let keyAnswer = key["answer"] as? [String] ?? []
        let options = (item["options"] as? [[String: Any]] ?? []).compactMap { option -> (label: String, text: String)? in
            guard let label = option["label"] as? String, let text = option["text"] as? String else { return nil }
            return (label, text)
        }
        let labels = options.map(\.label)
        switch item["type"] as? String {
        case "single":
            var right = keyAnswer
            if id == misKeyed, let truth = options.first(where: { $0.text == trueAnswer })
                ?? options.filter({ !keyAnswer.contains($0.label) }).min(by: { $0.text < $1.text }) {
                right = [truth.label]
            }
            if knows { return right }
            let wrong = labels.filter { !right.contains($0) }
            return wrong.isEmpty ? right : [wrong[Int(random.next() % UInt64(wrong.count))]]
        case "multiple", "indefinite":
            if knows { return keyAnswer }
            let wrong = labels.filter { !keyAnswer.contains($0) }
            if keyAnswer.count > 1, wrong.isEmpty || random.next() % 2 == 0 {
                var partial = keyAnswer
                partial.remove(at: Int(random.next() % UInt64(partial.count)))
                return partial
            }
            return (keyAnswer + [wrong[Int(random.next() % UInt64(max(1, wrong.count)))]]).sorted()
        case "true_false":
            let right = keyAnswer.first ?? "正确"
            return knows ? [right] : [right == "正确" ? "错误" : "正确"]
        case "fill_blank":
            return knows ? keyAnswer : keyAnswer.map { _ in "不知道" }
        default:
            return nil
        }
    }
}

/// A simulated province for the results benchmark (docs/benchmarks.md): the synthetic bank and 50-item blueprint of
/// the assembly benchmark, a roster of `people` in `units` units under `regions` 市(州), and one answer sheet per
/// examinee who sat, from the model above, on the per-examinee paper kaofa regenerates from (bank, blueprint, seed).
enum ProvinceSimulation {
    static let seed = "province"

    static func write(to directory: URL, people: Int, units: Int, regions: Int, questions: Int, catalog: LawCatalog,
                      generator: SyntheticBankGenerator, randomSeed: UInt64) throws {
        let manager = FileManager.default
        let bankDirectory = directory.appendingPathComponent("bank")
        try manager.createDirectory(at: bankDirectory, withIntermediateDirectories: true)
        for (name, text) in generator.generate(questionCount: questions, fileCount: 20, seed: randomSeed) {
            try Data(text.utf8).write(to: bankDirectory.appendingPathComponent(name))
        }
        let blueprintPath = directory.appendingPathComponent("基准测试卷.yaml")
        try Data(AssemblyBenchmark.blueprint.utf8).write(to: blueprintPath)
        let roster = ExamSimulation.roster(people: people, regions: regions, units: units, seed: randomSeed)
        try Data(roster.utf8).write(to: directory.appendingPathComponent("名单.csv"))

        // The assembler kaofa score rebuilds: the bank as read from its directory.
        let collected = BankInput.collect([bankDirectory.path])
        let bank = BankCompiler.compile(raw: collected.files, catalog: catalog, keepSyntax: false).0
        guard !bank.hasErrors else { fail("synthetic bank has errors") }
        let loaded = BlueprintLoader.load(path: blueprintPath.path, bytes: Array(AssemblyBenchmark.blueprint.utf8), catalog: catalog)
        guard let blueprint = loaded.blueprint, case let .success(plan) = AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: catalog) else {
            fail("benchmark blueprint does not assemble")
        }
        let assembler = PaperAssembler(plan: plan, seed: seed, bankDigest: BankJSON.digest(bank.questions))

        let ids = roster.split(separator: "\n").dropFirst().map { line -> (String, String) in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(fields[0]), String(fields[2]))
        }
        _ = manager.createFile(atPath: directory.appendingPathComponent("答卷.jsonl").path, contents: nil)
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("答卷.jsonl"))
        defer { try? handle.close() }
        let chunkSize = 4096
        for batchStart in stride(from: 0, to: ids.count, by: chunkSize * 16) {
            let chunks = stride(from: batchStart, to: min(ids.count, batchStart + chunkSize * 16), by: chunkSize).map {
                Array(ids[$0..<min($0 + chunkSize, ids.count)])
            }
            let texts = ParallelMap.map(chunks) { chunk -> [UInt8] in
                let workspace = assembler.makeWorkspace()
                var out: [UInt8] = []
                for (id, unit) in chunk {
                    var unitRandom = SplitMix64(seed: ExamSimulation.hash("unit", String(randomSeed), unit))
                    let participation = 0.85 + 0.15 * ExamSimulation.uniform(&unitRandom)
                    var random = SplitMix64(seed: ExamSimulation.hash("examinee", String(randomSeed), id))
                    guard ExamSimulation.uniform(&random) < participation,
                          let drawn = try? assembler.draw(.examinee(id), in: workspace) else { continue }
                    let ability = 1.5 + ExamSimulation.normal(&random)
                    let paper = assembler.paper(drawn)
                    var answers: [(String, JSONValue)] = []
                    for item in paper.items {
                        let chance = 1 / (1 + exp(-1.7 * (ability - difficulty(item.question))))
                        let knows = ExamSimulation.uniform(&random) < chance
                        let key = item.answer, labels = item.options.map(\.label)
                        let chosen: [String]
                        switch item.question.type {
                        case .trueFalse: chosen = knows ? key : [key == ["正确"] ? "错误" : "正确"]
                        case .single, .multiple, .indefinite:
                            let wrong = labels.filter { !key.contains($0) }
                            chosen = knows || wrong.isEmpty ? key : [wrong[Int(random.next() % UInt64(wrong.count))]]
                        default: continue
                        }
                        answers.append(("\(item.number)", .array(chosen.map(JSONValue.string))))
                    }
                    out += JSONValue.object([("paperId", .string(paper.id)), ("examinee", .string(id)), ("answers", .object(answers))])
                        .serialized(pretty: false)
                    out.append(0x0A)
                }
                return out
            }
            for text in texts { try handle.write(contentsOf: text) }
        }
    }

    static func difficulty(_ question: Question) -> Double {
        let base: Double = switch question.difficulty {
        case .easy?: -1
        case .hard?: 1
        default: 0
        }
        var offsetRandom = SplitMix64(seed: ExamSimulation.hash("difficulty", question.id ?? ""))
        return base + ExamSimulation.uniform(&offsetRandom) - 0.5
    }
}
