import Foundation
import KaofaCore
import KaofaRender
import KaofaStore
import Synchronization

/// What one `kaofa serve` answers from: the checked bank, the blueprints with their plans, and the registry
/// context each blueprint's papers are recorded under. Immutable: a reload builds a new state and swaps it in whole,
/// so a request sees one bank and one set of blueprints from start to end.
public final class ServiceState: Sendable {
    public let catalog: LawCatalog
    public let bankDigest: String
    public let questionCount: Int
    /// By id (the blueprint file's name without `.yaml`), and their ids in order.
    public let blueprints: [String: ServedBlueprint]
    public let blueprintIDs: [String]

    init(catalog: LawCatalog, bankDigest: String, questionCount: Int, blueprints: [ServedBlueprint]) {
        self.catalog = catalog
        self.bankDigest = bankDigest
        self.questionCount = questionCount
        self.blueprints = Dictionary(uniqueKeysWithValues: blueprints.map { ($0.blueprint.id, $0) })
        blueprintIDs = blueprints.map(\.blueprint.id)
    }

    /// Why the banks or blueprints could not be served: their diagnostics, with the source lines to show them.
    public struct LoadFailure: Error, Sendable {
        public var diagnostics: [Diagnostic]
        public var sources: [String: SourceFile]
        public var message: String

        public init(diagnostics: [Diagnostic], sources: [String: SourceFile], message: String) {
            self.diagnostics = diagnostics
            self.sources = sources
            self.message = message
        }
    }

    /// Loads and checks the banks under `banks` and every blueprint (`*.yaml`) in `blueprintsDirectory`, plans each
    /// blueprint, and opens its serving context in `registry`. Any error — in a bank, a blueprint, or a blueprint the
    /// bank cannot fill — fails the whole load.
    public static func load(banks: [String], blueprintsDirectory: String, registry: any Registry,
                            catalog: LawCatalog) -> Result<ServiceState, LoadFailure> {
        let collected = BankInput.collect(banks)
        let (bank, sourceList) = BankCompiler.compile(raw: collected.files, catalog: catalog, keepSyntax: false)
        var sources = Dictionary(uniqueKeysWithValues: sourceList.map { ($0.path, $0) })
        var diagnostics = collected.diagnostics + bank.diagnostics
        diagnostics += sourceList.flatMap { ImageReferences.check($0, status: PaperImages.fileStatus) }
        guard !diagnostics.hasErrors else {
            return .failure(LoadFailure(diagnostics: diagnostics.filter { $0.severity == .error }, sources: sources,
                                        message: "题库有错误，不能提供服务；请先运行 kaofa check 修正"))
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: blueprintsDirectory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } catch {
            return .failure(LoadFailure(diagnostics: [], sources: [:], message: "无法读取蓝图目录 \(blueprintsDirectory)"))
        }
        guard !names.isEmpty else {
            return .failure(LoadFailure(diagnostics: [], sources: [:], message: "蓝图目录 \(blueprintsDirectory) 中没有 .yaml 蓝图"))
        }
        let bankDigest = BankJSON.digest(bank.questions)
        let questionDigests = QuestionDigest.all(bank.questions)
        var served: [ServedBlueprint] = []
        for name in names {
            let path = (blueprintsDirectory as NSString).appendingPathComponent(name)
            guard let bytes = BankInput.readFile(path) else {
                return .failure(LoadFailure(diagnostics: [], sources: sources, message: "无法读取蓝图 \(path)"))
            }
            let loaded = BlueprintLoader.load(path: path, bytes: bytes, catalog: catalog)
            if let source = loaded.source { sources[path] = source }
            guard var blueprint = loaded.blueprint, !loaded.diagnostics.hasErrors else {
                return .failure(LoadFailure(diagnostics: loaded.diagnostics, sources: sources, message: "蓝图 \(path) 有错误"))
            }
            // Exposure: the questions earlier papers used when the service (re)loads are kept off.
            let excluded: [String]
            do {
                (blueprint, excluded) = try registry.applyingExposure(to: blueprint, bank: bank.questions)
            } catch {
                return .failure(LoadFailure(diagnostics: [], sources: sources, message: "\(error)"))
            }
            let plan: AssemblyPlan
            switch AssemblyPlan.make(blueprint: blueprint, bank: bank.questions, catalog: catalog) {
            case let .success(made): plan = made
            case let .failure(failure):
                return .failure(LoadFailure(diagnostics: failure.diagnostics, sources: sources, message: "题库不能按蓝图 \(path) 组卷"))
            }
            // The service makes per-examinee papers: a max_rate the bank cannot keep stops the blueprint from being served.
            if let rule = blueprint.exposure, let maxRate = rule.maxRate {
                let problems = ExposureRates.check(plan, maxRate: maxRate, at: rule.range).diagnostics
                if !problems.isEmpty {
                    return .failure(LoadFailure(diagnostics: problems, sources: sources, message: "蓝图 \(path) 的曝光率上限不能满足"))
                }
            }
            let record = BuildRecord(kind: .serve, createdAt: Date(), blueprintID: blueprint.id, blueprintTitle: blueprint.title,
                                     audience: blueprint.audience.rawValue, blueprintDigest: blueprint.digest,
                                     blueprintSource: String(decoding: bytes, as: UTF8.self), blueprintPath: path,
                                     bankDigest: bankDigest, seed: nil, excluded: excluded)
            let context: Int64
            do {
                context = try registry.servingContext(record, questions: questionDigests)
            } catch {
                return .failure(LoadFailure(diagnostics: [], sources: sources, message: "\(error)"))
            }
            served.append(ServedBlueprint(blueprint: blueprint, plan: plan, bankDigest: bankDigest, context: context, catalog: catalog))
        }
        return .success(ServiceState(catalog: catalog, bankDigest: bankDigest, questionCount: bank.questions.count, blueprints: served))
    }

}

/// A blueprint being served: its plan, and for each seed asked for its assembler with the pre-serialised JSON of the
/// questions (a platform asks with one seed per exam, so a few are kept).
public final class ServedBlueprint: Sendable {
    public let blueprint: Blueprint
    public let plan: AssemblyPlan
    public let bankDigest: String
    public let context: Int64
    let catalog: LawCatalog
    private let engines = Mutex<[String: Engine]>([:])

    /// An assembler for one seed, the JSON pieces made from it, and workspaces to draw in.
    struct Engine: Sendable {
        var assembler: PaperAssembler
        var pieces: QuestionPieces
        var workspaces: WorkspacePool
    }

    /// How many seeds' engines are kept.
    static let cachedSeeds = 16

    init(blueprint: Blueprint, plan: AssemblyPlan, bankDigest: String, context: Int64, catalog: LawCatalog) {
        self.blueprint = blueprint
        self.plan = plan
        self.bankDigest = bankDigest
        self.context = context
        self.catalog = catalog
    }

    func engine(seed: String) -> Engine {
        if let cached = engines.withLock({ $0[seed] }) { return cached }
        let assembler = PaperAssembler(plan: plan, seed: seed, bankDigest: bankDigest)
        let made = Engine(assembler: assembler, pieces: QuestionPieces(assembler: assembler, catalog: catalog),
                          workspaces: WorkspacePool(assembler))
        engines.withLock { cache in
            if cache.count >= Self.cachedSeeds { cache.removeAll() }
            cache[seed] = made
        }
        return made
    }
}

/// The state being served, swapped whole on reload.
final class StateBox: Sendable {
    private let current: Mutex<ServiceState>

    init(_ state: ServiceState) { current = Mutex(state) }

    var state: ServiceState { current.withLock { $0 } }

    func replace(with state: ServiceState) { current.withLock { $0 = state } }
}

/// Assembly workspaces kept between requests, so that drawing a paper allocates almost nothing. A workspace is
/// taken by one request at a time (`draw` runs without suspending) and given back after.
final class WorkspacePool: @unchecked Sendable {
    private let assembler: PaperAssembler
    private let lock = NSLock()
    private var idle: [AssemblyWorkspace] = []
    /// More than this many idle workspaces are let go.
    static let limit = 64

    init(_ assembler: PaperAssembler) { self.assembler = assembler }

    /// Draws `subject`'s paper in a pooled workspace.
    func draw(_ subject: Randomness.Subject) throws(AssemblyFailure) -> DrawnPaper {
        lock.lock()
        let workspace = idle.popLast() ?? assembler.makeWorkspace()
        lock.unlock()
        defer {
            lock.lock()
            if idle.count < Self.limit { idle.append(workspace) }
            lock.unlock()
        }
        return try assembler.draw(subject, in: workspace)
    }
}
