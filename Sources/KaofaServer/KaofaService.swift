import Foundation
import Hummingbird
import KaofaCore
import KaofaRender
import KaofaStore
import NIOCore

/// The JSON service (`kaofa serve`, docs/openapi.yaml): papers made on request as a pure function of (bank,
/// blueprint, seed, examinee), recorded in the registry, never with their answers unless the admin token is given.
public struct KaofaService: Sendable {
    let box: StateBox
    let registry: any Registry
    let recorder: ServedRecorder
    let watch = RegistryWatch()
    /// The admin bearer token; nil disables the admin endpoints.
    let adminToken: [UInt8]?

    /// The largest request body: a paper request or response is small; `POST /check` takes a bank file.
    static let jsonLimit = 64 << 10
    static let bankLimit = 8 << 20

    /// Loads the banks and blueprints again, for `POST /admin/reload` and SIGHUP.
    let load: @Sendable () -> Result<ServiceState, ServiceState.LoadFailure>

    public init(state: ServiceState, registry: any Registry, adminToken: String?,
                load: @escaping @Sendable () -> Result<ServiceState, ServiceState.LoadFailure>) {
        box = StateBox(state)
        self.registry = registry
        recorder = ServedRecorder(registry: registry, watch: watch)
        self.adminToken = adminToken.map { Array($0.utf8) }
        self.load = load
    }

    /// Loads the banks and blueprints again and serves them if they are sound; otherwise keeps serving what it
    /// served and returns why not.
    @discardableResult
    public func reload() -> Result<ServiceState, ServiceState.LoadFailure> {
        let result = load()
        if case let .success(state) = result { replace(with: state) }
        return result
    }

    /// The state being served now.
    public var state: ServiceState { box.state }

    /// Swaps in a newly loaded state (reload).
    public func replace(with state: ServiceState) { box.replace(with: state) }

    /// One route: a method, a path pattern (`{name}` is one path segment) and its handler.
    struct Route: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var handle: @Sendable (Request, BasicRequestContext) async throws -> Response
    }

    /// Every route the service answers (and `docs/openapi.yaml` describes), in one list: the router is built from it,
    /// and a request for one of these paths with another method gets 405 with the methods it allows.
    var routes: [Route] {
        [
            Route(method: .get, path: "/health") { _, _ in try await health() },
            Route(method: .get, path: "/openapi.yaml") { _, _ in try openAPI() },
            Route(method: .get, path: "/schemas/{name}") { _, context in try schema(try Self.parameter("name", context)) },
            Route(method: .get, path: "/blueprints") { _, _ in blueprintList() },
            Route(method: .get, path: "/blueprints/{id}") { _, context in try blueprint(try Self.parameter("id", context)) },
            Route(method: .post, path: "/papers") { request, _ in try await createPaper(request) },
            Route(method: .get, path: "/papers/{id}") { _, context in try await paper(try Self.parameter("id", context), key: false) },
            Route(method: .get, path: "/papers/{id}/key") { request, context in
                try authorize(request)
                return try await paper(try Self.parameter("id", context), key: true)
            },
            Route(method: .post, path: "/papers/{id}/responses") { request, context in
                try await respond(try Self.parameter("id", context), request)
            },
            Route(method: .post, path: "/check") { request, _ in try await check(request) },
            Route(method: .post, path: "/admin/reload") { request, _ in
                try authorize(request)
                return try reloadResponse()
            },
        ]
    }

    /// The routes.
    public func router() -> Router<BasicRequestContext> {
        let routes = self.routes
        let router = Router()
        router.add(middleware: ProblemMiddleware(allowed: RouteMethods(routes.map { ($0.method, $0.path) })))
        for route in routes { router.on(RouterPath(route.path), method: route.method, use: route.handle) }
        return router
    }

    // MARK: Handlers

    /// `GET /health`: what this instance serves, or 503 while the registry cannot be read (papers could not be
    /// recorded, so a load balancer should send requests elsewhere).
    func health() async throws -> Response {
        do {
            try await offload { [registry] in try registry.ping() }
        } catch {
            throw Self.registryUnavailable("登记库暂时无法读取；这个实例现在不能发出试卷")
        }
        let state = self.state
        return json(.object([
            ("status", .string("ok")), ("kaofaVersion", .string(KaofaVersion.current)), ("bankDigest", .string(state.bankDigest)),
            ("questions", .int(state.questionCount)),
            ("blueprints", .array(state.blueprintIDs.map { id in
                .object([("id", .string(id)), ("digest", .string(state.blueprints[id]!.blueprint.digest))])
            })),
        ]))
    }

    func openAPI() throws -> Response {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url) else { throw Problem.notFound("没有 OpenAPI 描述") }
        return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The JSON Schemas `openapi.yaml` refers to (`schemas/kaofa.paper.schema.json`), so that the description read
    /// from a running server resolves; the files of `docs/schemas/`.
    func schema(_ name: String) throws -> Response {
        guard name.hasSuffix(".schema.json"), !name.contains("/"),
              let url = Bundle.module.url(forResource: String(name.dropLast(".json".count)), withExtension: "json", subdirectory: "schemas"),
              let data = try? Data(contentsOf: url) else { throw Problem.notFound("没有 JSON Schema \(name)") }
        return Response(status: .ok, headers: [.contentType: "application/schema+json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func blueprintList() -> Response {
        let state = self.state
        return json(.array(state.blueprintIDs.map { Self.summary(state.blueprints[$0]!.blueprint) }))
    }

    func blueprint(_ id: String) throws -> Response {
        guard let served = state.blueprints[id] else { throw Problem.notFound("没有蓝图 \(id)") }
        guard case var .object(fields) = Self.summary(served.blueprint) else { return json(.null) }
        fields.append(("sections", .array(served.blueprint.sections.map { section in
            var entry: [(String, JSONValue)] = [("title", .string(section.title)), ("type", .string(section.type.rawValue)),
                                                ("count", .int(section.count)), ("pointsEach", .string("\(section.pointsEach)"))]
            if let scoring = section.scoring { entry.append(("scoring", .string(scoring.statement))) }
            return .object(entry)
        })))
        return json(.object(fields))
    }

    static func summary(_ blueprint: Blueprint) -> JSONValue {
        var fields: [(String, JSONValue)] = [("id", .string(blueprint.id)), ("title", .string(blueprint.title)),
                                             ("audience", .string(blueprint.audience.rawValue)),
                                             ("durationMinutes", .int(blueprint.durationMinutes)),
                                             ("totalPoints", .string("\(blueprint.totalPoints)")),
                                             ("passPoints", .string("\(blueprint.passPoints)"))]
        if let excellent = blueprint.excellentPoints { fields.append(("excellentPoints", .string("\(excellent)"))) }
        fields.append(("items", .int(blueprint.itemCount)))
        fields.append(("digest", .string(blueprint.digest)))
        return .object(fields)
    }

    /// `POST /papers`: `{blueprint, seed, variant | examinee, name?, unit?}` → the paper, recorded once.
    func createPaper(_ request: Request) async throws -> Response {
        let body = try await Self.jsonObject(request)
        var errors: [(String, String)] = []
        func string(_ key: String, required: Bool) -> String? {
            switch body[key] {
            case nil, is NSNull:
                if required { errors.append((key, "缺少这一项")) }
                return nil
            case let text as String:
                let trimmed = text.trimmingBlanks
                if trimmed.isEmpty { errors.append((key, "不能是空的")) }
                if trimmed.count > 200 { errors.append((key, "太长（最多 200 个字）")) }
                return trimmed
            default:
                errors.append((key, "应当是字符串"))
                return nil
            }
        }
        let blueprintID = string("blueprint", required: true)
        let seed = string("seed", required: true)
        let variant = string("variant", required: false), examinee = string("examinee", required: false)
        let name = string("name", required: false), unit = string("unit", required: false)
        for key in body.keys where !["blueprint", "seed", "variant", "examinee", "name", "unit"].contains(key) {
            errors.append((key, "未知的字段（可用 blueprint、seed、variant、examinee、name、unit）"))
        }
        if variant != nil, examinee != nil { errors.append(("variant", "variant 和 examinee 只能给一个")) }
        if let variant, !(variant.count == 1 && variant.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }) {
            errors.append(("variant", "应当是 A 到 Z 的一个大写字母"))
        }
        if examinee == nil, name != nil || unit != nil { errors.append(("name", "name 和 unit 只用于 examinee")) }
        let state = self.state
        if let blueprintID, !blueprintID.isEmpty, state.blueprints[blueprintID] == nil {
            errors.append(("blueprint", "没有这个蓝图（可用：\(state.blueprintIDs.joined(separator: "、"))）"))
        }
        guard errors.isEmpty, let blueprintID, let seed, let served = state.blueprints[blueprintID] else {
            throw Problem.invalid(errors.map { (field: $0.0, detail: $0.1) })
        }
        let subject: Randomness.Subject = examinee.map { .examinee($0) } ?? .variant(variant ?? "A")
        let person = examinee.map { Examinee(id: $0, name: name, unit: unit) }
        let made = try make(served, seed: seed, subject: subject, examinee: person, catalog: state.catalog)
        let recorded: PaperRecord?
        do {
            let new = try await recorder.record(made.record, context: served.context)
            let id = made.record.id
            recorded = new ? nil : try await offload { [registry] in try registry.paper(id: id)?.paper }
        } catch {
            throw Self.registryUnavailable("试卷没有登记，请稍后重试")
        }
        // The same examinee asked for again with another name or unit: the paper issued under this id stands.
        if let recorded, recorded.digest != made.record.digest {
            throw Problem(status: .conflict, kind: "paper-issued", title: "这份试卷已经发出",
                          detail: "试卷 \(made.record.id) 已经以姓名“\(recorded.examineeName ?? "")”、单位“\(recorded.examineeUnit ?? "")”发出；"
                              + "同一考生的试卷只发一份，请用同样的姓名和单位请求，或用 GET /papers/\(made.record.id) 取回")
        }
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers[.location] = "/papers/\(made.record.id)"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: made.paperLine)))
    }

    /// A paper drawn for a request: its compact paper and key JSON (from the pre-serialised pieces when they cover
    /// it, which is every paper without a case question) and its registry record.
    func make(_ served: ServedBlueprint, seed: String, subject: Randomness.Subject, examinee: Examinee?,
              catalog: LawCatalog) throws -> (paperLine: [UInt8], keyLine: [UInt8], record: PaperRecord) {
        let engine = served.engine(seed: seed)
        let drawn: DrawnPaper
        do {
            drawn = try engine.workspaces.draw(subject)
        } catch {
            throw Problem(status: .unprocessableContent, kind: "assembly-failed", title: "无法组卷",
                          detail: error.diagnostics.map(\.message).joined(separator: "；"))
        }
        var writer = JSONWriter(pretty: false, capacity: 64 << 10)
        let paperLine: [UInt8], keyLine: [UInt8], record: PaperRecord
        if engine.pieces.covers(drawn) {
            PaperJSON.write(drawn, examinee: examinee, pieces: engine.pieces, into: &writer)
            paperLine = writer.bytes
            writer = JSONWriter(pretty: false, capacity: 64 << 10)
            KeyJSON.write(drawn, examinee: examinee, pieces: engine.pieces, into: &writer)
            keyLine = writer.bytes
            record = PaperRecord(drawn, assembler: engine.assembler, examinee: examinee,
                                 digest: PaperDigest.of(paperLine: paperLine, keyLine: keyLine), createdAt: Date())
        } else {
            let paper = engine.assembler.paper(drawn, examinee: examinee)
            PaperJSON.write(paper, catalog: catalog, into: &writer)
            paperLine = writer.bytes
            writer = JSONWriter(pretty: false, capacity: 64 << 10)
            KeyJSON.write(paper, catalog: catalog, into: &writer)
            keyLine = writer.bytes
            record = PaperRecord(paper, digest: PaperDigest.of(paperLine: paperLine, keyLine: keyLine), createdAt: Date())
        }
        return (paperLine, keyLine, record)
    }

    /// `GET /papers/{id}` and its key: the recorded paper made again from its provenance.
    func paper(_ id: String, key: Bool) async throws -> Response {
        let (paper, _, state) = try await recordedPaper(id)
        var writer = JSONWriter(pretty: false, capacity: 64 << 10)
        if key {
            KeyJSON.write(paper, catalog: state.catalog, into: &writer)
        } else {
            PaperJSON.write(paper, catalog: state.catalog, into: &writer)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }

    /// `POST /papers/{id}/responses`: `{examinee, answers}` → the score (`kaofa.score/1`), the sheet recorded once.
    func respond(_ id: String, _ request: Request) async throws -> Response {
        let body = try await Self.jsonObject(request)
        var errors: [(field: String, detail: String)] = []
        for key in body.keys where !["paperId", "examinee", "answers"].contains(key) {
            errors.append((key, "未知的字段（可用 examinee、answers，以及与地址一致的 paperId）"))
        }
        // The sheet shape is the offline one (docs/schemas/kaofa.response.schema.json): a paperId may come along,
        // but the paper is the one in the URL.
        switch body["paperId"] {
        case nil, is NSNull: break
        case let given as String where given.trimmingBlanks == id: break
        case let given as String: errors.append(("paperId", "答卷写的是试卷 \(given.trimmingBlanks)，地址中是试卷 \(id)"))
        default: errors.append(("paperId", "应当是试卷编号字符串，如 KF-56b5d73484c0"))
        }
        var examinee: String?
        switch body["examinee"] {
        case let text as String where !text.trimmingBlanks.isEmpty && text.count <= 200:
            examinee = text.trimmingBlanks
        case nil, is NSNull: errors.append(("examinee", "缺少这一项"))
        default: errors.append(("examinee", "应当是不超过 200 个字的字符串"))
        }
        var answers: [String: [String]] = [:]
        switch body["answers"] {
        case let object as [String: Any]:
            for (number, value) in object.sorted(by: { $0.key < $1.key }) {
                guard let list = value as? [Any], list.allSatisfy({ $0 is String }), list.count <= 64 else {
                    errors.append(("answers.\(number)", "应当是字符串数组，如 [\"A\"]、[\"B\",\"D\"]、[\"正确\"]"))
                    continue
                }
                answers[number] = list.compactMap { $0 as? String }
            }
        case nil, is NSNull: errors.append(("answers", "缺少这一项"))
        default: errors.append(("answers", "应当是按题号给出答案的对象，如 {\"1\":[\"A\"]}"))
        }
        guard errors.isEmpty, let examinee else { throw Problem.invalid(errors) }
        let (paper, _, _) = try await recordedPaper(id)
        if let owner = paper.examinee?.id, owner != examinee {
            throw Problem.invalid([("examinee", "试卷 \(id) 是考生 \(owner) 的")])
        }
        let result: Scorer.Result
        switch Scorer.score(paper, answers: answers) {
        case let .success(scored): result = scored
        case let .failure(rejection):
            throw Problem.invalid(rejection.problems.map { (field: $0.item.isEmpty ? "answers" : "answers.\($0.item)", detail: $0.message) })
        }
        let document = ScoreJSON.document(result, paper: paper, examinee: examinee).serializedString(pretty: false)
        let canonical = JSONValue.object(answers.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { ($0.key, .array($0.value.map(JSONValue.string))) }).serializedString(pretty: false)
        let outcome: ResponseOutcome
        do {
            let record = ResponseRecord(paperID: paper.id, examinee: examinee, createdAt: Date(), answers: canonical,
                                        objective: result.objective.hundredths, pending: result.pendingPoints.hundredths, result: document)
            outcome = try await offload { [registry] in try registry.recordResponse(record) }
        } catch {
            throw Self.registryUnavailable("答卷没有登记，请稍后重试")
        }
        switch outcome {
        case .recorded:
            return json(bytes: Array(document.utf8))
        case let .repeated(existing):
            return json(bytes: Array(existing.result.utf8))
        case .conflict:
            throw Problem(status: .conflict, kind: "response-conflict", title: "已经提交过答卷",
                          detail: "考生 \(examinee) 已经为试卷 \(id) 提交过另一份答卷；一份试卷只记一份答卷")
        }
    }

    /// A recorded paper made again from its provenance, with the blueprint and state it was made with.
    func recordedPaper(_ id: String) async throws -> (Paper, ServedBlueprint, ServiceState) {
        let found: (paper: PaperRecord, build: BuildRecord)?
        do {
            found = try await offload { [registry] in try registry.paper(id: id) }
        } catch {
            throw Self.registryUnavailable("请稍后重试")
        }
        guard let (record, build) = found else { throw Problem.notFound("没有试卷 \(id)") }
        let state = self.state
        guard let served = state.blueprints[record.blueprintID], served.blueprint.digest == build.blueprintDigest,
              state.bankDigest == build.bankDigest else {
            throw Problem(status: .conflict, kind: "bank-changed", title: "题库或蓝图已变化",
                          detail: "试卷 \(id) 是用另一版题库或蓝图生成的，这个服务不能原样提供它；请用生成它时的题库和蓝图运行 kaofa serve，或用 kaofa reproduce 核对",
                          extra: [("recordedBankDigest", .string(build.bankDigest)), ("servedBankDigest", .string(state.bankDigest))])
        }
        let person = record.examinee.map { Examinee(id: $0, name: record.examineeName, unit: record.examineeUnit) }
        guard case let .success(paper) = served.engine(seed: record.seed).assembler.paper(for: record.subject, examinee: person),
              paper.id == record.id else {
            throw Problem(status: .conflict, kind: "bank-changed", title: "无法重新生成试卷", detail: "试卷 \(id) 无法按登记的来源重新生成")
        }
        return (paper, served, state)
    }

    /// `POST /admin/reload`: the new digests, or 422 with the diagnostics while the old bank is still served.
    func reloadResponse() throws -> Response {
        switch reload() {
        case let .success(state):
            return json(.object([("status", .string("reloaded")), ("bankDigest", .string(state.bankDigest)),
                                 ("questions", .int(state.questionCount)),
                                 ("blueprints", .array(state.blueprintIDs.map(JSONValue.string)))]))
        case let .failure(failure):
            throw Problem(status: .unprocessableContent, kind: "reload-failed", title: "题库或蓝图有错误，没有重新加载",
                          detail: "\(failure.message)；仍在提供原来的题库（\(state.bankDigest)）",
                          extra: [("diagnostics", DiagnosticJSON.array(failure.diagnostics))])
        }
    }

    /// `POST /check`: bank text (UTF-8 or GB18030) → the diagnostics JSON of `kaofa check`.
    func check(_ request: Request) async throws -> Response {
        let bytes = try await Self.body(request, limit: Self.bankLimit)
        guard bytes.readableBytes > 0 else {
            throw Problem.badRequest("请求体是空的，应当是一个题库文件的文本（Content-Type: text/markdown 或 text/plain）")
        }
        let (bank, _) = BankCompiler.compile(raw: [(path: "题库.md", bytes: Array(bytes.readableBytesView))], catalog: state.catalog, keepSyntax: false)
        return json(DiagnosticJSON.array(bank.diagnostics))
    }

    // MARK: Helpers

    /// Runs a registry call on a thread of its own, off the cooperative pool: the registry's interface blocks while
    /// the database answers (a PostgreSQL round trip, a SQLite write waiting for another process).
    func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { [watch] continuation in
            Self.registryQueue.async { continuation.resume(with: Result { try watch.watching(body) }) }
        }
    }

    private static let registryQueue = DispatchQueue(label: "kaofa.registry-calls", attributes: .concurrent)

    /// 503 with `Retry-After`: the registry cannot be used now; nothing was recorded.
    static func registryUnavailable(_ detail: String) -> Problem {
        Problem(status: .serviceUnavailable, kind: "registry-unavailable", title: "登记库暂时不可用", detail: detail,
                headers: [.retryAfter: "5"])
    }

    /// A path parameter, percent-decoded (blueprint ids are Chinese).
    static func parameter(_ name: String, _ context: BasicRequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    func authorize(_ request: Request) throws {
        guard let adminToken else {
            throw Problem(status: .forbidden, kind: "admin-disabled", title: "没有设置管理员令牌",
                          detail: "服务启动时没有设置 KAOFA_ADMIN_TOKEN 或 --token-file，答案不对外提供")
        }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { throw Problem.unauthorized }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        // Constant time: every byte compared whatever the first difference, and the lengths compared as digests.
        let expected = ContentDigest.of(adminToken), actual = ContentDigest.of(given)
        var difference: UInt8 = 0
        for (a, b) in zip(expected, actual) { difference |= a ^ b }
        guard difference == 0 else { throw Problem.unauthorized }
    }

    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw Problem.tooLarge(limit) }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge(limit)
        }
    }

    static func jsonObject(_ request: Request) async throws -> [String: Any] {
        let buffer = try await body(request, limit: jsonLimit)
        let data = Data(buffer.readableBytesView)
        guard !data.isEmpty else { throw Problem.badRequest("请求体是空的，应当是一个 JSON 对象") }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw Problem.badRequest("请求体不是合法的 JSON")
        }
        guard let object = value as? [String: Any] else { throw Problem.badRequest("请求体应当是一个 JSON 对象 {…}") }
        return object
    }

    func json(bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func json(_ value: JSONValue) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serialized(pretty: false))))
    }
}

/// The methods each route path answers, for 405 and its `Allow` header.
struct RouteMethods: Sendable {
    private var entries: [(segments: [Substring], methods: [HTTPRequest.Method])] = []

    init(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        for route in routes {
            let segments = route.path.split(separator: "/")
            if let index = entries.firstIndex(where: { $0.segments == segments }) {
                entries[index].methods.append(route.method)
            } else {
                entries.append((segments, [route.method]))
            }
        }
    }

    /// The methods a path is routed for (`{…}` matches any one segment); empty when no route has this path.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        for entry in entries where entry.segments.count == segments.count {
            if zip(entry.segments, segments).allSatisfy({ $0.first == "{" || $0 == $1 }) { return entry.methods }
        }
        return []
    }
}

/// Turns whatever a handler throws into problem details: its own problems as they are, Hummingbird's errors (404
/// for an unknown path, 405 for a known path with another method) with their status, anything else as a 500 that says nothing internal.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    var allowed: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try problem.response(from: request, context: context)
        } catch let error as HTTPError {
            let methods = error.status == .notFound ? allowed.methods(for: request.uri.path) : []
            let problem = switch error.status {
            case .notFound where !methods.isEmpty:
                // The path exists, the method does not: 405 with the methods it takes (RFC 9110 §15.5.6).
                Problem(status: .methodNotAllowed, kind: "method-not-allowed", title: "不支持这个方法",
                        detail: "\(request.uri.path) 不支持 \(request.method)，只支持 \(methods.map(\.rawValue).joined(separator: "、"))",
                        headers: [.allow: methods.map(\.rawValue).joined(separator: ", ")])
            case .notFound: Problem.notFound("没有这个地址：\(request.method) \(request.uri.path)")
            case .methodNotAllowed: Problem(status: .methodNotAllowed, kind: "method-not-allowed", title: "不支持这个方法",
                                            detail: "\(request.uri.path) 不支持 \(request.method)")
            case .contentTooLarge: Problem.tooLarge(KaofaService.jsonLimit)
            default: Problem(status: error.status, kind: "http-error", title: error.status.reasonPhrase, detail: error.status.reasonPhrase)
            }
            return try problem.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path)])
            return try Problem(status: .internalServerError, kind: "internal", title: "服务内部错误",
                               detail: "请求没有完成；请稍后重试").response(from: request, context: context)
        }
    }
}

extension String {
    /// Without the spaces and tabs at either end, as `trimmingCharacters(in: .whitespaces)` gives (space separators
    /// and U+0009); a field with none, the usual case, is returned without Foundation's bridging.
    var trimmingBlanks: String {
        func blank(_ scalar: Unicode.Scalar?) -> Bool {
            guard let scalar else { return false }
            return scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator
        }
        guard blank(unicodeScalars.first) || blank(unicodeScalars.last) else { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
