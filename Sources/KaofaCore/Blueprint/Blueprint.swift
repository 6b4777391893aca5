/// A paper blueprint (组卷蓝图): what one audience's paper holds, loaded from YAML (`docs/blueprint-format.md`).
/// Every value is resolved (types, laws, audiences named by the catalog) and keeps the place it was written, so
/// that the assembler can point its diagnostics at the line to change.
public struct Blueprint: Sendable {
    /// The file name without `.yaml`.
    public var id: String
    public var path: String
    public var title: String
    public var audience: Audience
    public var durationMinutes: Int
    public var totalPoints: Points
    public var passPoints: Points
    public var excellentPoints: Points?
    public var sections: [BlueprintSection]
    public var lawQuota: Quota<LawSelector>?
    public var difficultyQuota: Quota<Difficulty>?
    public var mustCover: [Located<String>]
    public var require: [Located<QuestionSelector>]
    public var exclude: [Located<QuestionSelector>]
    public var shuffleQuestions: Bool
    public var shuffleOptions: Bool
    /// Where whole-blueprint facts are reported: the `total` key, the `sections` key, the file.
    public var totalRange: SourceRange
    public var sectionsRange: SourceRange
    /// Questions to keep off because earlier papers used them (`exposure`), found in the registry at build time.
    public var exposure: ExposureRule? = nil

    /// The number of items on a paper.
    public var itemCount: Int { sections.reduce(0) { $0 + $1.count } }

    /// This blueprint with `ids` (questions earlier papers used, by the exposure rule) added to `exclude`. The
    /// digest, and so every paper id, then depends on them: two builds that exclude different questions never
    /// share a paper id.
    /// Whether `require` names `question` (by id or tag): exposure never keeps a required question off.
    public func requires(_ question: Question) -> Bool {
        guard let id = question.id else { return false }
        return require.contains { AssemblyPlanner.matches($0.value, question, id: id) }
    }

    public func excluding(used ids: [String]) -> Blueprint {
        guard let exposure, !ids.isEmpty else { return self }
        var copy = self
        copy.exclude += ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { Located(.id($0), at: exposure.range) }
        return copy
    }
}

/// `exposure`: leave out questions used in earlier papers of the same blueprint or audience — since a date, or in
/// the last N builds — as the registry records them; and/or bound how often any one question may appear on
/// per-examinee papers (`max_rate`).
public struct ExposureRule: Sendable, Hashable {
    public enum Scope: String, Sendable {
        case blueprint, audience
    }

    /// Whose earlier papers' questions to leave out; nil when the rule only bounds the rate.
    public var scope: Scope?
    /// Only papers issued on or after this day (`2026-01-01`, Beijing time).
    public var since: String?
    /// Only papers of the last N builds (and serving contexts) of the scope.
    public var lastBuilds: Int?
    /// The highest share of per-examinee papers any question drawn at random may be expected to appear on
    /// (0 < rate ≤ 1); `require`d questions are on every paper and are not counted.
    public var maxRate: Double?
    public var range: SourceRange

    public init(scope: Scope?, since: String?, lastBuilds: Int?, maxRate: Double? = nil, range: SourceRange) {
        self.scope = scope
        self.since = since
        self.lastBuilds = lastBuilds
        self.maxRate = maxRate
        self.range = range
    }
}

/// A value and where the blueprint wrote it.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var range: SourceRange

    public init(_ value: Value, at range: SourceRange) {
        self.value = value
        self.range = range
    }
}

/// Points, kept in hundredths so that sums and quotas are exact (`1.5` is 150).
public struct Points: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }

    /// Points from a decimal number with at most two places; nil otherwise.
    public init?(_ value: Double) {
        let scaled = (value * 100).rounded()
        guard value.isFinite, value >= 0, abs(scaled - value * 100) < 1e-6, scaled < 1e12 else { return nil }
        hundredths = Int(scaled)
    }

    public static let zero = Points(hundredths: 0)

    public var value: Double { Double(hundredths) / 100 }

    /// `2`, `1.5`, `0.25`: no trailing zeros, as papers print points.
    public var description: String {
        let whole = hundredths / 100, fraction = hundredths % 100
        if fraction == 0 { return String(whole) }
        if fraction % 10 == 0 { return "\(whole).\(fraction / 10)" }
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    public static func < (lhs: Points, rhs: Points) -> Bool { lhs.hundredths < rhs.hundredths }
    public static func + (lhs: Points, rhs: Points) -> Points { Points(hundredths: lhs.hundredths + rhs.hundredths) }
    public static func * (lhs: Points, rhs: Int) -> Points { Points(hundredths: lhs.hundredths * rhs) }
}

/// One 大题 of a paper: questions of one type.
public struct BlueprintSection: Sendable, Hashable {
    public var type: QuestionType
    public var count: Int
    public var pointsEach: Points
    /// The heading printed on the paper, without numbering: `单项选择题`.
    public var title: String
    /// How 多选 and 不定项 items are scored; nil for other types.
    public var scoring: ScoringRule?
    public var range: SourceRange

    public var points: Points { pointsEach * count }
}

/// How a 多选/不定项 item is scored. Choosing a wrong option always scores 0.
public enum ScoringRule: String, Sendable, Hashable, CaseIterable {
    /// 全对得分: all the correct options and nothing else, or nothing.
    case allOrNothing = "all_or_nothing"
    /// 少选得一半: a non-empty subset of the correct options scores half.
    case halfForSubset = "half_for_subset"
    /// 少选按比例: a non-empty subset scores in proportion to the correct options chosen.
    case proportionalForSubset = "proportional_for_subset"

    public var chineseName: String {
        switch self {
        case .allOrNothing: "全对得分"
        case .halfForSubset: "少选得一半"
        case .proportionalForSubset: "少选按比例"
        }
    }

    /// The rule's full statement, as keys print it.
    public var statement: String {
        switch self {
        case .allOrNothing: "全部选对得分，少选、多选、错选均不得分"
        case .halfForSubset: "全部选对得满分，少选且所选均正确得一半分，多选、错选不得分"
        case .proportionalForSubset: "全部选对得满分，少选且所选均正确按所选正确项占正确项的比例得分，多选、错选不得分"
        }
    }

    static func named(_ name: String) -> ScoringRule? {
        switch name.trimmingSpaces().lowercased() {
        case "全对得分", "全部选对得分", "all_or_nothing": .allOrNothing
        case "少选得一半", "少选得半分", "half_for_subset": .halfForSubset
        case "少选按比例", "按比例得分", "proportional_for_subset": .proportionalForSubset
        default: nil
        }
    }
}

/// Quotas across the whole paper on one attribute (law or difficulty).
public struct Quota<Key: Sendable & Hashable>: Sendable {
    public struct Entry: Sendable {
        public var key: Key
        /// The name as written, for messages.
        public var name: String
        public var amount: QuotaAmount
        public var range: SourceRange
    }

    public var measure: QuotaMeasure
    public var entries: [Entry]
    public var range: SourceRange
}

/// What quota amounts are shares of.
public enum QuotaMeasure: String, Sendable {
    /// The number of items.
    case count
    /// The points.
    case points
}

/// How much of the paper a quota entry asks for.
public enum QuotaAmount: Sendable, Hashable {
    /// An exact amount in hundredths: items × 100 when measured by count, points × 100 when by points.
    case exact(Int)
    /// Hundredths of a percent: `12.5%` is 1250.
    case percent(Int)
}

/// A law quota entry: one law, or every law of a catalog category.
public enum LawSelector: Sendable, Hashable {
    case law(String)
    case category(String)
}

/// Questions named in `require` and `exclude`: by id, or by tag (`标签:必考`).
public enum QuestionSelector: Sendable, Hashable {
    case id(String)
    case tag(String)

    public var description: String {
        switch self {
        case let .id(id): id
        case let .tag(tag): "标签:\(tag)"
        }
    }
}

import Crypto

extension Blueprint {
    /// SHA-256 of the blueprint's resolved content as compact JSON with a fixed key order: comments, key order,
    /// aliases (`单选题` or `单项选择题`) and formatting do not change it; any value that changes papers does.
    public var digest: String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.key("schema"); w.string("kaofa.blueprint/1")
        w.key("id"); w.string(id)
        w.key("title"); w.string(title)
        w.key("audience"); w.string(audience.rawValue)
        w.key("duration"); w.int(durationMinutes)
        w.key("total"); w.int(totalPoints.hundredths)
        w.key("pass"); w.int(passPoints.hundredths)
        w.key("excellent"); w.int(excellentPoints?.hundredths)
        w.key("sections")
        w.beginArray()
        for section in sections {
            w.beginObject()
            w.key("type"); w.string(section.type.rawValue)
            w.key("count"); w.int(section.count)
            w.key("points"); w.int(section.pointsEach.hundredths)
            w.key("title"); w.string(section.title)
            w.key("scoring"); w.string(section.scoring?.rawValue)
            w.endObject()
        }
        w.endArray()
        func quota<Key>(_ name: String, _ quota: Quota<Key>?, key: (Key) -> String) {
            w.key(name)
            guard let quota else { return w.null() }
            w.beginObject()
            w.key("by"); w.string(quota.measure.rawValue)
            w.key("entries")
            w.beginArray()
            for entry in quota.entries {
                w.beginArray()
                w.string(key(entry.key))
                switch entry.amount {
                case let .exact(value): w.string("exact"); w.int(value)
                case let .percent(value): w.string("percent"); w.int(value)
                }
                w.endArray()
            }
            w.endArray()
            w.endObject()
        }
        quota("law", lawQuota) { selector in
            switch selector {
            case let .law(id): "law:" + id
            case let .category(name): "category:" + name
            }
        }
        quota("difficulty", difficultyQuota) { $0.rawValue }
        w.key("mustCover"); w.strings(mustCover.map(\.value))
        w.key("require"); w.strings(require.map(\.value.description))
        w.key("exclude"); w.strings(exclude.map(\.value.description))
        w.key("shuffleQuestions"); w.bool(shuffleQuestions)
        w.key("shuffleOptions"); w.bool(shuffleOptions)
        // Only when given, so that blueprints without it keep their digests (and their papers their ids).
        if let exposure {
            w.key("exposure")
            w.beginObject()
            w.key("scope"); w.string(exposure.scope?.rawValue)
            w.key("since"); w.string(exposure.since)
            w.key("lastBuilds"); w.int(exposure.lastBuilds)
            if let maxRate = exposure.maxRate { w.key("maxRate"); w.string(String(maxRate)) }
            w.endObject()
        }
        w.endObject()
        return "sha256:" + Hex.string(SHA256.hash(data: w.bytes))
    }
}
