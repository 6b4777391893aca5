import Foundation
import KaofaCore
import Testing
@testable import KaofaStore

/// The SQLite registry on its own: builds visible only once finished, served papers recorded once, the history
/// filters, and what it keeps coming back unchanged.
@Suite("SQLite registry")
struct SQLiteRegistryTests {
    static func withRegistry(_ body: (SQLiteRegistry) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-registry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The directory does not exist yet: opening creates it, the file and the schema.
        try body(try SQLiteRegistry(path: directory.appendingPathComponent("sub/kaofa.sqlite").path))
    }

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

    @Test("a build is invisible until finished, and an abandoned one leaves nothing")
    func buildVisibility() throws {
        try Self.withRegistry { registry in
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
            #expect(try registry.integrityCheck() == "ok")
        }
    }

    @Test("a served paper is recorded once however often it is asked for; contexts are per blueprint and bank")
    func served() throws {
        try Self.withRegistry { registry in
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

    @Test("history filters by blueprint (id or title), audience, examinee and date, newest first")
    func filters() throws {
        try Self.withRegistry { registry in
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

    @Test("timestamps and item lists come back as they went in")
    func roundTrips() throws {
        for seconds in [0.0, 1_790_000_000.999, 4_102_444_800.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(SQLiteRegistry.date(SQLiteRegistry.timestamp(date)).timeIntervalSince1970 == (seconds * 1000).rounded(.down) / 1000)
        }
        #expect(SQLiteRegistry.timestamp(Date(timeIntervalSince1970: 1_790_000_000.25)) == "2026-09-21T14:13:20.250Z")
        let items = Self.paper("x").items + [.init(questionID: "Q-\"引号\"", optionOrder: [0])]
        #expect(try SQLiteRegistry.decode(SQLiteRegistry.encode(items)) == items)
        #expect(SQLiteRegistry.encode(Array(items.prefix(2))) == #"[["XF-0001",[2,0,1,3]],["AL-0001",[],[[1,0,2,3],[],[4,3,2,1,0]]]]"#)
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
