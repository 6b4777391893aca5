import KaofaCore

/// Writes realistic synthetic banks: Chinese stems of about 150 characters built from 2–4 character chunks of
/// the shipped law texts, four options, every question type, law tags with valid articles, and 1% planted
/// near-duplicates (warnings) so the duplicate checks have real work to do. The bank has no errors, so
/// `compile` writes it.
struct SyntheticBankGenerator {
    let words: [String]
    let laws: [(id: String, articles: Int)]

    init(catalog: LawCatalog) {
        var seen = Set<String>()
        var words: [String] = []
        for law in catalog.laws where law.text != nil {
            guard let text = catalog.texts[law.id] else { continue }
            for number in text.articles.keys.sorted() {
                let article = text.articles[number]!.text
                var chunk = ""
                var length = 2
                for character in article {
                    guard character.unicodeScalars.first!.value >= 0x4E00, character.unicodeScalars.first!.value <= 0x9FFF else {
                        chunk = ""
                        continue
                    }
                    chunk.append(character)
                    if chunk.count == length {
                        if seen.insert(chunk).inserted { words.append(chunk) }
                        chunk = ""
                        length = length == 4 ? 2 : length + 1
                    }
                }
            }
        }
        self.words = words
        self.laws = catalog.laws.filter { $0.text != nil && !$0.isRepealed }.map { ($0.id, $0.articles ?? 1) }
    }

    func phrase(_ characters: Int, _ rng: inout SplitMix64) -> String {
        var out = ""
        var length = 0
        while length < characters {
            let word = words[Int(rng.next() % UInt64(words.count))]
            out += word
            length += word.unicodeScalars.count  // words are CJK only: one scalar per character
        }
        return out
    }

    /// Generates `questionCount` questions split over `fileCount` files. Returns (file name, text) pairs.
    func generate(questionCount: Int, fileCount: Int, seed: UInt64) -> [(String, String)] {
        var rng = SplitMix64(seed: seed)
        var files: [(String, String)] = []
        let perFile = (questionCount + fileCount - 1) / fileCount
        var recentStems: [String] = []
        var produced = 0
        for fileIndex in 0..<fileCount {
            let count = min(perFile, questionCount - produced)
            guard count > 0 else { break }
            let law = laws[fileIndex % laws.count]
            var text = "---\nlaw: \(law.id)\naudience: 全部\ndifficulty: 中\nid-prefix: S\(fileIndex)\n---\n\n# 合成题库 \(fileIndex)\n"
            let types: [(QuestionType, Int)] = [(.single, 60), (.multiple, 15), (.trueFalse, 15), (.fillBlank, 5), (.shortAnswer, 5)]
            var number = 0
            for (type, share) in types {
                let inSection = type == .shortAnswer ? count - number : count * share / 100
                guard inSection > 0 else { continue }
                text += "\n## \(type.chineseName)\n"
                for n in 1...inSection {
                    number += 1
                    let id = "S\(fileIndex)-\(String(number + 10000).dropFirst())"
                    let difficulty = ["易", "中", "难"][Int(rng.next() % 3)]
                    let article = ChineseNumber.format(Int(rng.next() % UInt64(law.articles)) + 1)
                    var stem = phrase(145, &rng)
                    let roll = rng.next() % 1000
                    if roll < 10, let earlier = recentStems.last {
                        // Planted near-duplicate: an earlier stem with a few characters changed.
                        var characters = Array(earlier.unicodeScalars)
                        for _ in 0..<3 { characters[Int(rng.next() % UInt64(characters.count))] = "改" }
                        stem = String(String.UnicodeScalarView(characters))
                    }
                    if recentStems.count > 50 { recentStems.removeFirst() }
                    recentStems.append(stem)
                    text += "\n\(n). \(stem)\(type == .fillBlank ? "____" : "（  ）")。 {#\(id) 难度=\(difficulty) 条文=第\(article)条 知识点=\(phrase(4, &rng))}\n"
                    switch type {
                    case .single, .multiple:
                        for label in ["A", "B", "C", "D"] { text += "\(label). \(phrase(Int(8 + rng.next() % 12), &rng))\n" }
                        text += type == .single ? "答案：\(["A", "B", "C", "D"][Int(rng.next() % 4)])\n" : "答案：ABD\n"
                    case .trueFalse:
                        text += rng.next() % 2 == 0 ? "答案：正确\n" : "答案：错误\n"
                    case .fillBlank:
                        text += "答案：\(phrase(4, &rng))/\(phrase(3, &rng))\n"
                    default:
                        text += "参考答案：\(phrase(60, &rng))\n评分要点：\n- \(phrase(10, &rng))\n- \(phrase(10, &rng))\n"
                    }
                    text += "解析：\(phrase(60, &rng))\n"
                }
            }
            produced += number
            files.append(("synthetic-\(String(fileIndex + 1000).dropFirst()).md", text))
        }
        return files
    }
}
