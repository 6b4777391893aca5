import Foundation
import KaofaCore
import KaofaServer
import KaofaStore
import Testing

/// The service makes per-examinee papers: a blueprint whose `max_rate` the bank cannot keep is not served.
@Suite("service exposure rate")
struct ExposureServiceTests {
    @Test("a max_rate the sample bank cannot keep stops loading with E0710 at the rule; one it can keep loads")
    func maxRate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-exposure-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("blueprints"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let root = ServiceTests.repository()
        let blueprint = try String(contentsOf: root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml"), encoding: .utf8)
        let registry = try SQLiteRegistry(path: directory.appendingPathComponent("kaofa.sqlite").path)
        let catalog = try LawCatalog.shipped.get()
        let path = directory.appendingPathComponent("blueprints/考试.yaml")
        try (blueprint + "exposure: {max_rate: 10%}\n").write(to: path, atomically: true, encoding: .utf8)
        let strict = ServiceState.load(banks: [root.appendingPathComponent("Banks").path], blueprintsDirectory: directory.appendingPathComponent("blueprints").path,
                                       registry: registry, catalog: catalog)
        guard case let .failure(failure) = strict else {
            Issue.record("a blueprint over its exposure bound was served")
            return
        }
        #expect(!failure.diagnostics.isEmpty && failure.diagnostics.allSatisfy { $0.code == .exposureRateExceeded })
        #expect(failure.message.contains("曝光率上限"))
        try (blueprint + "exposure: {max_rate: 60%}\n").write(to: path, atomically: true, encoding: .utf8)
        let loose = ServiceState.load(banks: [root.appendingPathComponent("Banks").path], blueprintsDirectory: directory.appendingPathComponent("blueprints").path,
                                      registry: registry, catalog: catalog)
        #expect((try? loose.get()) != nil)
    }
}
