/// The audiences of 学法考法 exams.
public enum Audience: String, CaseIterable, Sendable, Codable, Comparable {
    /// 领导干部: leaders, examined before appointment (任前考法) and every year.
    case leaders = "领导干部"
    /// 行政执法人员: law-enforcement staff.
    case enforcement = "行政执法人员"
    /// 村(社区)两委: village and community committee members.
    case village = "村两委"

    private static let aliases: [String: [Audience]] = {
        var table: [String: [Audience]] = [:]
        for audience in Audience.allCases { table[audience.rawValue] = [audience] }
        let extra: [(String, [Audience])] = [
            ("领导", [.leaders]), ("干部", [.leaders]), ("领导干部任前", [.leaders]), ("leaders", [.leaders]), ("leader", [.leaders]),
            ("执法人员", [.enforcement]), ("行政执法", [.enforcement]), ("执法", [.enforcement]), ("enforcement", [.enforcement]),
            ("村(社区)两委", [.village]), ("村（社区）两委", [.village]), ("两委", [.village]), ("社区两委", [.village]),
            ("村委", [.village]), ("村委会", [.village]), ("居委会", [.village]), ("社区", [.village]), ("村干部", [.village]), ("village", [.village]),
            ("全部", Audience.allCases), ("全体", Audience.allCases), ("所有", Audience.allCases), ("all", Audience.allCases),
        ]
        for (name, audiences) in extra { table[name] = audiences }
        return table
    }()

    /// Every name kaofa accepts, for did-you-mean suggestions.
    static var acceptedNames: [String] { aliases.keys.sorted() }

    /// The audiences a name stands for (`全部` is all three), or nil for an unknown name.
    private static let exact = ExactStringTable(aliases.map { ($0.key, $0.value) })

    public static func named(_ name: String) -> [Audience]? {
        if let audiences = exact[name] { return audiences }  // the common case: written exactly
        return aliases[name.trimmingSpaces()] ?? aliases[name.trimmingSpaces().lowercased()]
    }

    public static func < (lhs: Audience, rhs: Audience) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Three difficulty levels, as teachers mark them.
public enum Difficulty: String, CaseIterable, Sendable, Codable {
    case easy = "易"
    case medium = "中"
    case hard = "难"

    private static let aliases: [String: Difficulty] = [
        "易": .easy, "容易": .easy, "简单": .easy, "较易": .easy, "低": .easy, "easy": .easy, "1": .easy,
        "中": .medium, "中等": .medium, "一般": .medium, "适中": .medium, "medium": .medium, "2": .medium,
        "难": .hard, "较难": .hard, "困难": .hard, "高": .hard, "hard": .hard, "3": .hard,
    ]

    static var acceptedNames: [String] { aliases.keys.sorted() }

    private static let exact = ExactStringTable(aliases.map { ($0.key, $0.value) })

    public static func named(_ name: String) -> Difficulty? {
        if let difficulty = exact[name] { return difficulty }
        return aliases[name.trimmingSpaces().lowercased()]
    }

    /// The English word used in JSON (`easy`, `medium`, `hard`).
    public var englishName: String {
        switch self {
        case .easy: "easy"
        case .medium: "medium"
        case .hard: "hard"
        }
    }
}

/// The keys of attribute blocks and front matter, with their Chinese and English spellings.
public enum AttributeKey: String, CaseIterable, Sendable {
    case difficulty, article, topic, audience, law, points, tags, enemy, type, idPrefix, title

    private static let names: [String: AttributeKey] = [
        "难度": .difficulty, "difficulty": .difficulty,
        "条文": .article, "条款": .article, "article": .article, "articles": .article,
        "知识点": .topic, "topic": .topic,
        "对象": .audience, "适用对象": .audience, "audience": .audience,
        "法律": .law, "法规": .law, "law": .law,
        "分值": .points, "分数": .points, "points": .points,
        "标签": .tags, "tags": .tags, "tag": .tags,
        "互斥": .enemy, "enemy": .enemy,
        "题型": .type, "type": .type,
        "编号前缀": .idPrefix, "id-prefix": .idPrefix, "id_prefix": .idPrefix,
        "标题": .title, "title": .title,
    ]

    /// Known spellings, for did-you-mean.
    static var acceptedNames: [String] { names.keys.sorted() }

    private static let exact = ExactStringTable(names.map { ($0.key, $0.value) })

    public init?(_ name: String) {
        guard let key = Self.exact[name] ?? Self.names[name.trimmingSpaces().lowercased()] else { return nil }
        self = key
    }

    /// A dense index 0..<allCases.count, for fixed-size tables.
    var ordinal: Int {
        switch self {
        case .difficulty: 0
        case .article: 1
        case .topic: 2
        case .audience: 3
        case .law: 4
        case .points: 5
        case .tags: 6
        case .enemy: 7
        case .type: 8
        case .idPrefix: 9
        case .title: 10
        }
    }

    /// The canonical Chinese spelling `fmt` writes.
    public var chineseName: String {
        switch self {
        case .difficulty: "难度"
        case .article: "条文"
        case .topic: "知识点"
        case .audience: "对象"
        case .law: "法律"
        case .points: "分值"
        case .tags: "标签"
        case .enemy: "互斥"
        case .type: "题型"
        case .idPrefix: "编号前缀"
        case .title: "标题"
        }
    }

    /// The canonical front-matter spelling.
    public var frontMatterName: String {
        switch self {
        case .idPrefix: "id-prefix"
        default: rawValue
        }
    }

    /// Keys allowed in front matter.
    public var allowedInFrontMatter: Bool {
        switch self {
        case .law, .audience, .difficulty, .tags, .idPrefix, .title, .topic: true
        default: false
        }
    }

    /// Keys allowed in a question's attribute block.
    public var allowedOnQuestion: Bool {
        switch self {
        case .idPrefix, .title: false
        default: true
        }
    }
}

/// Edit-distance suggestions for unknown names.
enum Suggestion {
    /// The closest candidate within a small edit distance, for “did you mean”.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate))
            let limit = max(1, min(target.count, candidate.count) / 2)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.1 || (distance == best!.1 && candidate < best!.0) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
