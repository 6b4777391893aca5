import Foundation
import Hummingbird
import HummingbirdTesting
import KaofaCore
import KaofaServer
import KaofaStore
import Synchronization
import Testing

/// A registry that fails while `down` is set, standing in for a database that has gone away.
final class SwitchableRegistry: Registry {
    let base: SQLiteRegistry
    let down = Mutex(false)

    var location: String { base.location }

    init(_ base: SQLiteRegistry) { self.base = base }

    private func check() throws {
        if down.withLock({ $0 }) { throw RegistryError("登记库不可用（测试）") }
    }

    func beginBuild(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64 { try check(); return try base.beginBuild(build, questions: questions) }
    func addPapers(_ papers: [PaperRecord], toBuild build: Int64) throws { try check(); try base.addPapers(papers, toBuild: build) }
    func finishBuild(_ build: Int64) throws { try check(); try base.finishBuild(build) }
    func abandonBuild(_ build: Int64) throws { try check(); try base.abandonBuild(build) }
    func servingContext(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64 {
        try check()
        return try base.servingContext(build, questions: questions)
    }
    func recordServed(_ paper: PaperRecord, context: Int64) throws -> Bool { try check(); return try base.recordServed(paper, context: context) }
    func recordServed(_ papers: [(paper: PaperRecord, context: Int64)]) throws -> [Bool] { try check(); return try base.recordServed(papers) }
    func recordResponse(_ response: ResponseRecord) throws -> ResponseOutcome { try check(); return try base.recordResponse(response) }
    func responses(blueprint: String) throws -> [ResponseRecord] { try check(); return try base.responses(blueprint: blueprint) }
    func responseScores(blueprint: String) throws -> [ResponseScore] { try check(); return try base.responseScores(blueprint: blueprint) }
    func usedQuestionIDs(_ query: UsageQuery) throws -> Set<String> { try check(); return try base.usedQuestionIDs(query) }
    func ping() throws { try check(); try base.ping() }
    func builds(_ filter: HistoryFilter) throws -> [BuildRecord] { try check(); return try base.builds(filter) }
    func papers(_ filter: HistoryFilter) throws -> [PaperRecord] { try check(); return try base.papers(filter) }
    func paper(id: String) throws -> (paper: PaperRecord, build: BuildRecord)? { try check(); return try base.paper(id: id) }
    func questionDigests(build: Int64) throws -> [String: String] { try check(); return try base.questionDigests(build: build) }
}

@Suite("JSON service without its registry")
struct UnavailableRegistryTests {
    @Test("while the registry is down: 503 with Retry-After, nothing half-recorded; service resumes when it returns")
    func registryDown() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-down-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try SQLiteRegistry(path: directory.appendingPathComponent("kaofa.sqlite").path)
        let registry = SwitchableRegistry(base)
        let root = ServiceTests.repository()
        let banks = [root.appendingPathComponent("Banks").path], blueprints = root.appendingPathComponent("Blueprints").path
        let catalog = try LawCatalog.shipped.get()
        let state = try ServiceState.load(banks: banks, blueprintsDirectory: blueprints, registry: registry, catalog: catalog).get()
        let service = KaofaService(state: state, registry: registry, adminToken: ServiceTests.token) {
            ServiceState.load(banks: banks, blueprintsDirectory: blueprints, registry: registry, catalog: catalog)
        }
        try await service.application(host: "127.0.0.1", port: 0) { _ in }.test(.live) { client in
            let request = #"{"blueprint":"村(社区)两委法律知识测试","seed":"down","examinee":"1"}"#
            registry.down.withLock { $0 = true }
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .serviceUnavailable && health.headers[.retryAfter] == "5")
            let refused = try await ServiceTests.post(client, "/papers", request)
            #expect(refused.status == .serviceUnavailable && refused.headers[.retryAfter] == "5")
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try base.papers(HistoryFilter()).isEmpty, "a paper that could not be recorded must not be recorded")

            registry.down.withLock { $0 = false }
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            let served = try await ServiceTests.post(client, "/papers", request)
            #expect(served.status == .ok)
            #expect(try base.papers(HistoryFilter()).count == 1)
        }
    }
}
