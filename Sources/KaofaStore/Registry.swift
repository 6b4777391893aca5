import Foundation
import KaofaCore

/// The registry of every paper kaofa issues: which build or server made it, from which blueprint, bank and seed,
/// for whom, with which questions in which order. It answers `kaofa history`, `show` and `reproduce`, and it is the
/// one shared thing between server instances. SQLite is the embedded default (`SQLiteRegistry`); a province's
/// instances share PostgreSQL (`PostgresRegistry`). Both keep the same records with the same meaning, and every
/// write is one transaction.
public protocol Registry: Sendable {
    /// Where the registry is, for messages: a file path, or a PostgreSQL address without its password.
    var location: String { get }

    /// Starts recording a build. Its papers are added in batches; nothing of it is visible (to history, show,
    /// exposure queries) until `finishBuild` commits it in one transaction, and an abandoned or interrupted build
    /// leaves nothing visible behind.
    func beginBuild(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64
    func addPapers(_ papers: [PaperRecord], toBuild build: Int64) throws
    func finishBuild(_ build: Int64) throws
    func abandonBuild(_ build: Int64) throws

    /// The context a server records its papers under, one per blueprint and bank (created on first use).
    func servingContext(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64
    /// Records a served paper once: false when the same paper was already recorded under this context.
    func recordServed(_ paper: PaperRecord, context: Int64) throws -> Bool
    /// Records served papers in one transaction (a server groups concurrent requests): for each, whether it was new.
    func recordServed(_ papers: [(paper: PaperRecord, context: Int64)]) throws -> [Bool]

    /// Records an answer sheet once per paper and examinee: a repeated identical sheet gives back the recorded one,
    /// a different sheet for the same paper and examinee is refused (`.conflict`).
    func recordResponse(_ response: ResponseRecord) throws -> ResponseOutcome

    /// Every response recorded for a paper of the blueprint with this id, in the order recorded.
    func responses(blueprint: String) throws -> [ResponseRecord]
    /// The same responses' scores only, without the answers and score documents: what `kaofa report --db` counts,
    /// light enough to read a province's million sheets at once.
    func responseScores(blueprint: String) throws -> [ResponseScore]

    /// The ids of the questions on earlier papers (finished builds and serving contexts) of one blueprint or one
    /// audience, issued since a time or in the last N builds: what a blueprint's `exposure` keeps off new papers.
    func usedQuestionIDs(_ query: UsageQuery) throws -> Set<String>

    /// Throws if the registry cannot be read now (for a server's health check).
    func ping() throws

    /// Recent finished builds and serving contexts, newest first.
    func builds(_ filter: HistoryFilter) throws -> [BuildRecord]
    /// Recent papers, newest first.
    func papers(_ filter: HistoryFilter) throws -> [PaperRecord]
    /// A paper by id, with the build it was first recorded in.
    func paper(id: String) throws -> (paper: PaperRecord, build: BuildRecord)?
    /// The digests the questions of a build had when it ran, by question id.
    func questionDigests(build: Int64) throws -> [String: String]
}

/// One build (`kaofa build`) or serving context (`kaofa serve`, one per blueprint and bank).
public struct BuildRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case build, serve
    }

    public var id: Int64?
    public var kind: Kind
    public var createdAt: Date
    public var blueprintID: String
    public var blueprintTitle: String
    public var audience: String
    public var blueprintDigest: String
    /// The blueprint's YAML as it was, so that a paper can be made again after the file has changed.
    public var blueprintSource: String
    public var blueprintPath: String?
    public var bankDigest: String
    /// The seed of a build; nil for a serving context (each request brings its own).
    public var seed: String?
    public var kaofaVersion: String
    public var paperCount: Int
    /// Questions the blueprint's `exposure` kept off this build's papers (part of the recorded blueprint's digest).
    public var excluded: [String] = []

    public init(id: Int64? = nil, kind: Kind, createdAt: Date, blueprintID: String, blueprintTitle: String, audience: String,
                blueprintDigest: String, blueprintSource: String, blueprintPath: String?, bankDigest: String, seed: String?,
                kaofaVersion: String = KaofaVersion.current, paperCount: Int = 0, excluded: [String] = []) {
        self.id = id
        self.kind = kind
        self.createdAt = createdAt
        self.blueprintID = blueprintID
        self.blueprintTitle = blueprintTitle
        self.audience = audience
        self.blueprintDigest = blueprintDigest
        self.blueprintSource = blueprintSource
        self.blueprintPath = blueprintPath
        self.bankDigest = bankDigest
        self.seed = seed
        self.kaofaVersion = kaofaVersion
        self.paperCount = paperCount
        self.excluded = excluded
    }
}

/// A question's content digest when a build ran (`BankJSON.contentDigest`), to tell later which questions changed.
public struct QuestionDigest: Sendable, Equatable {
    public var id: String
    public var digest: String

    public init(id: String, digest: String) {
        self.id = id
        self.digest = digest
    }

    /// The digest of every question with an id, computed on all cores.
    public static func all(_ questions: [Question]) -> [QuestionDigest] {
        ParallelMap.map(questions.filter { $0.id != nil }) { QuestionDigest(id: $0.id!, digest: BankJSON.contentDigest($0)) }
    }
}

/// One issued paper.
public struct PaperRecord: Sendable, Equatable {
    public var id: String
    public var buildID: Int64?
    public var createdAt: Date
    public var blueprintID: String
    public var audience: String
    public var seed: String
    public var subject: Randomness.Subject
    public var examineeName: String?
    public var examineeUnit: String?
    /// SHA-256 of the paper's `kaofa.paper/1` and `kaofa.key/1` documents, to verify a reproduction byte for byte.
    public var digest: String
    public var items: [Item]

    /// A question in printed order with its printed option order (and its parts', for a case).
    public struct Item: Sendable, Equatable {
        public var questionID: String
        public var optionOrder: [Int]
        public var parts: [[Int]]

        public init(questionID: String, optionOrder: [Int], parts: [[Int]] = []) {
            self.questionID = questionID
            self.optionOrder = optionOrder
            self.parts = parts
        }
    }

    public init(id: String, buildID: Int64? = nil, createdAt: Date, blueprintID: String, audience: String, seed: String,
                subject: Randomness.Subject, examineeName: String? = nil, examineeUnit: String? = nil, digest: String, items: [Item]) {
        self.id = id
        self.buildID = buildID
        self.createdAt = createdAt
        self.blueprintID = blueprintID
        self.audience = audience
        self.seed = seed
        self.subject = subject
        self.examineeName = examineeName
        self.examineeUnit = examineeUnit
        self.digest = digest
        self.items = items
    }

    /// The record of `paper`, whose documents hash to `digest`.
    public init(_ paper: Paper, digest: String, createdAt: Date) {
        self.init(id: paper.id, createdAt: createdAt, blueprintID: paper.blueprintID, audience: paper.audience.rawValue,
                  seed: paper.provenance.seed, subject: paper.provenance.subject, examineeName: paper.examinee?.name,
                  examineeUnit: paper.examinee?.unit, digest: digest,
                  items: paper.items.map { Item(questionID: $0.question.id ?? "", optionOrder: $0.optionOrder, parts: $0.parts.map(\.optionOrder)) })
    }

    /// The record of a drawn paper (one without a case question: its items have no parts), made by `assembler`.
    public init(_ drawn: DrawnPaper, assembler: PaperAssembler, examinee: Examinee?, digest: String, createdAt: Date) {
        let plan = assembler.plan
        self.init(id: drawn.id, createdAt: createdAt, blueprintID: plan.blueprint.id, audience: plan.blueprint.audience.rawValue,
                  seed: assembler.seed, subject: drawn.subject, examineeName: examinee?.name, examineeUnit: examinee?.unit,
                  digest: digest, items: drawn.questions.indices.map { item in
                      Item(questionID: plan.questions[drawn.questions[item]].id ?? "", optionOrder: Array(drawn.optionOrder(ofItem: item)))
                  })
    }

    /// The examinee's id, or nil for a variant.
    public var examinee: String? {
        if case let .examinee(id) = subject { return id }
        return nil
    }
}

/// What `kaofa history` asks for.
public struct HistoryFilter: Sendable {
    /// A blueprint's id (its file name) or part of its title.
    public var blueprint: String?
    public var audience: String?
    public var examinee: String?
    public var since: Date?
    public var limit: Int

    public init(blueprint: String? = nil, audience: String? = nil, examinee: String? = nil, since: Date? = nil, limit: Int = 20) {
        self.blueprint = blueprint
        self.audience = audience
        self.examinee = examinee
        self.since = since
        self.limit = limit
    }
}

/// Why the registry could not be used: a message for the user, naming the database.
public struct RegistryError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The database could not be reached (down, restarting, every connection busy): trying again later may work.
    public var unavailable: Bool

    public init(_ description: String, unavailable: Bool = false) {
        self.description = description
        self.unavailable = unavailable
    }
}

/// A scored answer sheet.
public struct ResponseRecord: Sendable, Equatable {
    public var paperID: String
    public var examinee: String
    public var createdAt: Date
    /// The answers as canonical JSON (keys in order), to tell a retry from a different sheet.
    public var answers: String
    /// Objective points and points waiting for a marker, in hundredths.
    public var objective: Int
    public var pending: Int
    /// The score document returned for it (`kaofa.score/1`).
    public var result: String

    public init(paperID: String, examinee: String, createdAt: Date, answers: String, objective: Int, pending: Int, result: String) {
        self.paperID = paperID
        self.examinee = examinee
        self.createdAt = createdAt
        self.answers = answers
        self.objective = objective
        self.pending = pending
        self.result = result
    }
}

/// A recorded response's score, in hundredths of a point.
public struct ResponseScore: Sendable, Equatable {
    public var paperID: String
    public var examinee: String
    public var objective: Int
    public var pending: Int

    public init(paperID: String, examinee: String, objective: Int, pending: Int) {
        self.paperID = paperID
        self.examinee = examinee
        self.objective = objective
        self.pending = pending
    }

    public init(_ record: ResponseRecord) {
        self.init(paperID: record.paperID, examinee: record.examinee, objective: record.objective, pending: record.pending)
    }
}

public enum ResponseOutcome: Sendable, Equatable {
    /// Recorded now.
    case recorded
    /// The same sheet was recorded before: its record.
    case repeated(ResponseRecord)
    /// A different sheet for this paper and examinee was recorded before.
    case conflict(ResponseRecord)
}

/// Which earlier papers count for `exposure`.
public struct UsageQuery: Sendable {
    public var blueprintID: String?
    public var audience: String?
    public var since: Date?
    public var lastBuilds: Int?

    public init(blueprintID: String? = nil, audience: String? = nil, since: Date? = nil, lastBuilds: Int? = nil) {
        self.blueprintID = blueprintID
        self.audience = audience
        self.since = since
        self.lastBuilds = lastBuilds
    }
}

extension UsageQuery {
    /// The earlier papers a blueprint's exposure rule looks at; `since` is midnight of that day, Beijing time.
    public init(_ rule: ExposureRule, blueprint: Blueprint) {
        let since = rule.since.flatMap(BeijingTime.parse)
        self.init(blueprintID: rule.scope == .blueprint ? blueprint.id : nil,
                  audience: rule.scope == .audience ? blueprint.audience.rawValue : nil, since: since, lastBuilds: rule.lastBuilds)
    }
}

extension Registry {
    /// `blueprint` with the questions its exposure rule keeps off added to `exclude`, and those questions (only ones
    /// still in `bank`, sorted); unchanged without a rule.
    public func applyingExposure(to blueprint: Blueprint, bank: [Question]) throws -> (blueprint: Blueprint, excluded: [String]) {
        guard let rule = blueprint.exposure, rule.scope != nil else { return (blueprint, []) }
        let used = try usedQuestionIDs(UsageQuery(rule, blueprint: blueprint))
        let excluded = bank.filter { $0.id.map(used.contains) == true && !blueprint.requires($0) }.compactMap(\.id)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return (blueprint.excluding(used: excluded), excluded)
    }
}

/// Times as teachers read them: Beijing time (UTC+8, no daylight saving), whatever the machine's time zone.
public enum BeijingTime {
    public static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
    }

    /// `2026-09-01` or `2026-09-01 08:00` in Beijing time.
    public static func parse(_ text: String) -> Date? {
        let fields = text.split(whereSeparator: { "-: T".contains($0) }).map { Int32($0) }
        guard fields.count == 3 || fields.count == 5, !fields.contains(nil) else { return nil }
        var parts = tm()
        parts.tm_year = fields[0]! - 1900
        parts.tm_mon = fields[1]! - 1
        parts.tm_mday = fields[2]!
        if fields.count == 5 {
            parts.tm_hour = fields[3]!
            parts.tm_min = fields[4]!
        }
        guard (1...12).contains(fields[1]!), (1...31).contains(fields[2]!) else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts) - 8 * 3600))
    }
}
