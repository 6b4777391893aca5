import Foundation
import KaofaCore
import PostgresSupport
import Testing
@testable import KaofaStore

/// A registry backend under test.
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// Runs `body` on a new, empty registry of this backend.
    func withRegistry(_ body: (any TestableRegistry) throws -> Void) throws {
        switch self {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-registry-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            // The directory does not exist yet: opening creates it, the file and the schema.
            try body(try SQLiteRegistry(path: directory.appendingPathComponent("sub/kaofa.sqlite").path))
        case .postgres:
            let server = try ThrowawayPostgres.shared()
            let registry = try PostgresRegistry(address: PostgresAddress(try server.createDatabase(), environment: ["PGPASSWORD": server.password]))
            defer { registry.close() }
            try body(registry)
        }
    }
}

/// What the tests ask of a registry beyond the protocol.
protocol TestableRegistry: Registry {
    func pendingPaperCount() throws -> Int
}

extension SQLiteRegistry: TestableRegistry {}
extension PostgresRegistry: TestableRegistry {}

/// Each registry backend on its own, through the same tests: builds visible only once finished, served papers and
/// responses recorded once, the history filters, exposure queries, and what it keeps coming back unchanged.
@Suite("Registry")
struct RegistryTests {

    static let start = Date(timeIntervalSince1970: 1_790_000_000.25)

    static func build(_ blueprint: String = "领导干部任前法律知识考试", audience: String = "领导干部", seed: String? = "2026-秋季",
                      at date: Date = start, bank: String = "sha256:bank") -> BuildRecord {
        BuildRecord(kind: .build, createdAt: date, blueprintID: blueprint, blueprintTitle: blueprint + "（测试）", audience: audience,
                    blueprintDigest: "sha256:bp-\(blueprint)", blueprintSource: "title: \(blueprint)\n", blueprintPath: "Blueprints/\(blueprint).yaml",
                    bankDigest: bank, seed: seed)
    }

    static func paper(_ id: String, subject: Randomness.Subject = .variant("A"), blueprint: String = "领导干部任前法律知识考试",
                      at date: Date = start) -> PaperRecord {
        PaperRecord(id: id, createdAt: date, blueprintID: blueprint, audience: "领导干部", seed: "2026-秋季", subject: subject,
                    examineeName: subject == .variant("A") ? nil : "张三", examineeUnit: subject == .variant("A") ? nil : "城关镇",
                    digest: "sha256:\(id)",
                    items: [.init(questionID: "XF-0001", optionOrder: [2, 0, 1, 3]), .init(questionID: "AL-0001", optionOrder: [],
                                                                                            parts: [[1, 0, 2, 3], [], [4, 3, 2, 1, 0]])])
    }

    @Test("a build is invisible until finished, and an abandoned one leaves nothing", arguments: Backend.allCases)
    func buildVisibility(backend: Backend) throws {
        try backend.withRegistry { registry in
            let digests = [QuestionDigest(id: "XF-0001", digest: "sha256:q1"), QuestionDigest(id: "AL-0001", digest: "sha256:q2")]
            let build = try registry.beginBuild(Self.build(), questions: digests)
            try registry.addPapers([Self.paper("KF-000000000001"), Self.paper("KF-000000000002", subject: .variant("B"))], toBuild: build)
            #expect(try registry.builds(HistoryFilter()).isEmpty)
            #expect(try registry.paper(id: "KF-000000000001") == nil)
            try registry.finishBuild(build)
            let builds = try registry.builds(HistoryFilter())
            #expect(builds.count == 1 && builds[0].paperCount == 2 && builds[0].seed == "2026-秋季")
            #expect(builds[0].createdAt == Self.start && builds[0].blueprintSource == "title: 领导干部任前法律知识考试\n")
            let (paper, owner) = try #require(try registry.paper(id: "KF-000000000001"))
            #expect(paper == { var p = Self.paper("KF-000000000001"); p.buildID = build; return p }())
            #expect(owner.id == build)
            #expect(try registry.questionDigests(build: build) == ["XF-0001": "sha256:q1", "AL-0001": "sha256:q2"])

            let abandoned = try registry.beginBuild(Self.build(seed: "other"), questions: digests)
            try registry.addPapers([Self.paper("KF-000000000003")], toBuild: abandoned)
            try registry.abandonBuild(abandoned)
            #expect(try registry.builds(HistoryFilter()).count == 1)
            #expect(try registry.paper(id: "KF-000000000003") == nil)
            #expect(try registry.questionDigests(build: abandoned).isEmpty)
            #expect(try registry.pendingPaperCount() == 0)
        }
    }

    @Test("a served paper is recorded once however often it is asked for; contexts are per blueprint and bank", arguments: Backend.allCases)
    func served(backend: Backend) throws {
        try backend.withRegistry { registry in
            let context = try registry.servingContext(Self.build(seed: nil), questions: [])
            #expect(try registry.servingContext(Self.build(seed: nil), questions: []) == context)
            #expect(try registry.servingContext(Self.build(seed: nil, bank: "sha256:other"), questions: []) != context)
            let paper = Self.paper("KF-00000000000a", subject: .examinee("517"))
            #expect(try registry.recordServed(paper, context: context))
            #expect(try !registry.recordServed(paper, context: context))
            let builds = try registry.builds(HistoryFilter())
            #expect(builds.first { $0.id == context }?.paperCount == 1 && builds.allSatisfy { $0.kind == .serve })
        }
    }

    @Test("history filters by blueprint (id or title), audience, examinee and date, newest first", arguments: Backend.allCases)
    func filters(backend: Backend) throws {
        try backend.withRegistry { registry in
            let first = try registry.beginBuild(Self.build(), questions: [])
            try registry.addPapers([Self.paper("KF-000000000001", subject: .examinee("2026001"))], toBuild: first)
            try registry.finishBuild(first)
            let later = Self.start.addingTimeInterval(86_400)
            let second = try registry.beginBuild(Self.build("村(社区)两委法律知识测试", audience: "村两委", at: later), questions: [])
            try registry.addPapers([Self.paper("KF-000000000002", subject: .examinee("2026002"), blueprint: "村(社区)两委法律知识测试", at: later)],
                                   toBuild: second)
            try registry.finishBuild(second)

            #expect(try registry.builds(HistoryFilter()).map(\.id) == [second, first])
            #expect(try registry.builds(HistoryFilter(blueprint: "村(社区)两委法律知识测试")).map(\.id) == [second])
            #expect(try registry.builds(HistoryFilter(blueprint: "任前")).map(\.id) == [first])  // part of the title
            #expect(try registry.builds(HistoryFilter(audience: "领导干部")).map(\.id) == [first])
            #expect(try registry.builds(HistoryFilter(examinee: "2026002")).map(\.id) == [second])
            #expect(try registry.builds(HistoryFilter(since: Self.start.addingTimeInterval(3600))).map(\.id) == [second])
            #expect(try registry.builds(HistoryFilter(limit: 1)).map(\.id) == [second])
            #expect(try registry.papers(HistoryFilter(examinee: "2026001")).map(\.id) == ["KF-000000000001"])
            #expect(try registry.papers(HistoryFilter()).map(\.id) == ["KF-000000000002", "KF-000000000001"])
        }
    }

    @Test("a response is recorded once: a retry gets the recorded one back, a different sheet is refused", arguments: Backend.allCases)
    func responses(backend: Backend) throws {
        try backend.withRegistry { registry in
            let context = try registry.servingContext(Self.build(seed: nil), questions: [])
            #expect(try registry.recordServed(Self.paper("KF-00000000000a", subject: .examinee("517")), context: context))
            let sheet = ResponseRecord(paperID: "KF-00000000000a", examinee: "517", createdAt: Self.start, answers: #"{"1":["A"]}"#,
                                       objective: 150, pending: 1000, result: #"{"schema":"kaofa.score/1"}"#)
            #expect(try registry.recordResponse(sheet) == .recorded)
            #expect(try registry.recordResponse({ var retry = sheet; retry.createdAt = Self.start.addingTimeInterval(5); return retry }())
                == .repeated(sheet))
            let other = { var other = sheet; other.answers = #"{"1":["B"]}"#; return other }()
            #expect(try registry.recordResponse(other) == .conflict(sheet))
            let second = { var second = sheet; second.examinee = "518"; second.paperID = "KF-00000000000a"; return second }()
            #expect(try registry.recordResponse(second) == .recorded)
            #expect(try registry.responses(blueprint: "领导干部任前法律知识考试") == [sheet, second])
            #expect(try registry.responses(blueprint: "村(社区)两委法律知识测试").isEmpty)
            #expect(try registry.responseScores(blueprint: "领导干部任前法律知识考试") == [ResponseScore(sheet), ResponseScore(second)])
            #expect(try registry.responseScores(blueprint: "村(社区)两委法律知识测试").isEmpty)
        }
    }

    @Test("papers served in one group: the first of equal papers is the new one, and each is counted once", arguments: Backend.allCases)
    func servedGroup(backend: Backend) throws {
        try backend.withRegistry { registry in
            let context = try registry.servingContext(Self.build(seed: nil), questions: [QuestionDigest(id: "XF-0001", digest: "sha256:q1")])
            let one = Self.paper("KF-000000000001", subject: .examinee("1")), two = Self.paper("KF-000000000002", subject: .examinee("2"))
            #expect(try registry.recordServed([(one, context), (two, context), (one, context)]) == [true, true, false])
            #expect(try registry.recordServed([(two, context)]) == [false])
            #expect(try registry.builds(HistoryFilter()).first?.paperCount == 2)
            #expect(try registry.questionDigests(build: context) == ["XF-0001": "sha256:q1"])
            // A paper without examinee name or unit keeps them absent, not empty.
            var bare = Self.paper("KF-000000000003", subject: .examinee("3"))
            bare.examineeName = nil
            bare.examineeUnit = ""
            #expect(try registry.recordServed([(bare, context)]) == [true])
            let (found, _) = try #require(try registry.paper(id: "KF-000000000003"))
            #expect(found.examineeName == nil && found.examineeUnit == "" && found.items == bare.items)
        }
    }

    @Test("exposure: the questions on earlier papers of a blueprint or audience, since a date or in the last N builds", arguments: Backend.allCases)
    func usage(backend: Backend) throws {
        try backend.withRegistry { registry in
            func paper(_ id: String, _ questions: [String], blueprint: String = "领导干部任前法律知识考试", at date: Date) -> PaperRecord {
                var paper = Self.paper(id, blueprint: blueprint, at: date)
                paper.items = questions.map { .init(questionID: $0, optionOrder: [1, 0]) }
                return paper
            }
            let day = 86_400.0
            for (index, questions) in [["XF-0001", "XF-0002"], ["XF-0003"], ["XF-0004", "XF-0001"]].enumerated() {
                let at = Self.start.addingTimeInterval(Double(index) * day)
                let build = try registry.beginBuild(Self.build(seed: "s\(index)", at: at), questions: [])
                try registry.addPapers([paper("KF-00000000010\(index)", questions, at: at)], toBuild: build)
                try registry.finishBuild(build)
            }
            let village = try registry.beginBuild(Self.build("村(社区)两委法律知识测试", audience: "村两委"), questions: [])
            try registry.addPapers([paper("KF-000000000200", ["CW-0001"], blueprint: "村(社区)两委法律知识测试", at: Self.start)], toBuild: village)
            try registry.finishBuild(village)
            let pending = try registry.beginBuild(Self.build(seed: "unfinished"), questions: [])
            try registry.addPapers([paper("KF-000000000300", ["XF-0009"], at: Self.start)], toBuild: pending)

            let leaders = "领导干部任前法律知识考试"
            #expect(try registry.usedQuestionIDs(UsageQuery(blueprintID: leaders)) == ["XF-0001", "XF-0002", "XF-0003", "XF-0004"])
            #expect(try registry.usedQuestionIDs(UsageQuery(audience: "村两委")) == ["CW-0001"])
            #expect(try registry.usedQuestionIDs(UsageQuery(blueprintID: leaders, lastBuilds: 1)) == ["XF-0004", "XF-0001"])
            #expect(try registry.usedQuestionIDs(UsageQuery(blueprintID: leaders, since: Self.start.addingTimeInterval(day / 2)))
                == ["XF-0003", "XF-0004", "XF-0001"])
            #expect(try registry.usedQuestionIDs(UsageQuery(blueprintID: "没有这个蓝图")).isEmpty)
            #expect(try registry.pendingPaperCount() == 1)
        }
    }

    @Test("timestamps and item lists come back as they went in")
    func roundTrips() throws {
        for seconds in [0.0, 1_790_000_000.999, 4_102_444_800.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RegistryCoding.date(RegistryCoding.timestamp(date)).timeIntervalSince1970 == (seconds * 1000).rounded(.down) / 1000)
        }
        #expect(RegistryCoding.timestamp(Date(timeIntervalSince1970: 1_790_000_000.25)) == "2026-09-21T14:13:20.250Z")
        let items = Self.paper("x").items + [.init(questionID: "Q-\"引号\"", optionOrder: [0])]
        #expect(try RegistryCoding.decode(RegistryCoding.encode(items)) == items)
        #expect(RegistryCoding.encode(Array(items.prefix(2))) == #"[["XF-0001",[2,0,1,3]],["AL-0001",[],[[1,0,2,3],[],[4,3,2,1,0]]]]"#)
    }

    @Test("a registry that cannot be created is a clear error")
    func unwritable() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-registry-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect {
            _ = try SQLiteRegistry(path: file.path + "/kaofa.sqlite")
        } throws: { error in
            "\(error)".contains("登记库")
        }
    }
}
