import Foundation
import KaofaCore
import PostgresNIO

/// The registry in PostgreSQL, shared by every `kaofa serve` instance of a province (and by `kaofa build`, `history`,
/// `show`, `reproduce`, `report` run against it). The records and their meaning are those of `SQLiteRegistry`; each
/// write is one transaction, and the writes several instances can race on are idempotent by unique keys: a serving
/// context per (blueprint, bank), a paper per (context, paper id), a response per (paper, examinee).
public final class PostgresRegistry: Registry {
    public let address: PostgresAddress
    private let connections: PostgresConnections

    public var location: String { address.description }

    /// Connects, and creates or migrates the schema: instances starting together take turns under an advisory lock.
    /// `statementTimeout` bounds each statement: a server keeps it short, so that requests fail over quickly rather
    /// than queue behind a database that has stopped answering; a report reading a million responses needs longer.
    public convenience init(address: PostgresAddress, poolSize: Int = 8, statementTimeout: TimeInterval = 120) throws {
        var limits = PostgresConnections.Limits()
        limits.size = max(1, poolSize)
        limits.statement = statementTimeout
        try self.init(address: address, limits: limits)
    }

    init(address: PostgresAddress, limits: PostgresConnections.Limits) throws {
        self.address = address
        connections = try PostgresConnections(address: address, limits: limits)
        try migrate()
    }

    /// Closes the idle connections.
    public func close() { connections.close() }

    // MARK: Schema

    /// The advisory lock key migrations run under: "kaofa" in ASCII.
    static let migrationLock: Int64 = 0x6B_61_6F_66_61

    /// The schema, one migration per version; never edit a released migration, add another. Each is a list of
    /// statements (the extended protocol runs one statement at a time) applied in one transaction.
    static let migrations: [(identifier: String, statements: [String])] = [
        ("v1", [
            """
            CREATE TABLE build (
                id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('build', 'serve')),
                -- 'pending' until the build has written everything; only 'finished' builds are visible
                state TEXT NOT NULL CHECK (state IN ('pending', 'finished')),
                created_at TIMESTAMPTZ NOT NULL,
                blueprint_id TEXT NOT NULL,
                blueprint_title TEXT NOT NULL,
                audience TEXT NOT NULL,
                blueprint_digest TEXT NOT NULL,
                blueprint_source TEXT NOT NULL,
                blueprint_path TEXT,
                bank_digest TEXT NOT NULL,
                seed TEXT,
                kaofa_version TEXT NOT NULL,
                paper_count BIGINT NOT NULL DEFAULT 0,
                -- the questions the blueprint's exposure rule kept off, a JSON array of ids
                excluded TEXT NOT NULL DEFAULT '[]'
            )
            """,
            "CREATE INDEX build_blueprint ON build (blueprint_id, created_at)",
            "CREATE UNIQUE INDEX serving_context ON build (blueprint_digest, bank_digest) WHERE kind = 'serve'",
            """
            CREATE TABLE build_question (
                build_id BIGINT NOT NULL REFERENCES build (id) ON DELETE CASCADE,
                question_id TEXT NOT NULL,
                digest TEXT NOT NULL,
                PRIMARY KEY (build_id, question_id)
            )
            """,
            """
            CREATE TABLE paper (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                id TEXT NOT NULL,
                build_id BIGINT NOT NULL REFERENCES build (id) ON DELETE CASCADE,
                created_at TIMESTAMPTZ NOT NULL,
                blueprint_id TEXT NOT NULL,
                audience TEXT NOT NULL,
                seed TEXT NOT NULL,
                subject_kind TEXT NOT NULL CHECK (subject_kind IN ('variant', 'examinee')),
                subject TEXT NOT NULL,
                examinee_name TEXT,
                examinee_unit TEXT,
                digest TEXT NOT NULL,
                -- [[question id, [option order], [[part option order], …]], …] in printed order
                items TEXT NOT NULL,
                UNIQUE (build_id, id)
            )
            """,
            "CREATE INDEX paper_id ON paper (id)",
            "CREATE INDEX paper_subject ON paper (subject_kind, subject)",
            "CREATE INDEX paper_blueprint ON paper (blueprint_id, created_at)",
            """
            CREATE TABLE response (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                paper_id TEXT NOT NULL,
                examinee TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                answers TEXT NOT NULL,
                objective BIGINT NOT NULL,
                pending BIGINT NOT NULL,
                result TEXT NOT NULL,
                UNIQUE (paper_id, examinee)
            )
            """,
        ]),
    ]

    private func migrate() throws {
        try connections.with { session in
            try session.transaction {
                // Held until the transaction ends: a second instance starting now waits here, then finds the schema.
                try session.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))")
                try session.query("""
                    CREATE TABLE IF NOT EXISTS kaofa_migration (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """)
                var applied: Set<String> = []
                for row in try session.query("SELECT identifier FROM kaofa_migration") {
                    applied.insert(try row.makeRandomAccess()[0].decode(String.self))
                }
                let known = Set(Self.migrations.map(\.identifier))
                if let newer = applied.subtracting(known).sorted().first {
                    throw RegistryError("登记库 \(address) 已经由更新版本的 kaofa 升级（迁移 \(newer)）；请用新版本的 kaofa")
                }
                for migration in Self.migrations where !applied.contains(migration.identifier) {
                    for statement in migration.statements { try session.query(statement) }
                    try session.query("INSERT INTO kaofa_migration (identifier) VALUES ($1)", Self.binds(migration.identifier))
                }
            }
        }
    }

    // MARK: Builds

    public func beginBuild(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64 {
        try write { session in
            // Builds that never finished (killed, or their process crashed) are removed first.
            try session.query("DELETE FROM build WHERE state = 'pending' AND created_at < $1",
                              Self.binds(build.createdAt.addingTimeInterval(-24 * 3600)))
            let id = try insert(build, state: "pending", session: session)
            try insert(questions, build: id, session: session)
            return id
        }
    }

    public func addPapers(_ papers: [PaperRecord], toBuild build: Int64) throws {
        guard !papers.isEmpty else { return }
        try write { session in
            for chunk in papers.chunks(of: 2048) { _ = try insertPapers(chunk.map { ($0, build) }, session: session) }
        }
    }

    public func finishBuild(_ build: Int64) throws {
        try write { session in
            try session.query("""
                UPDATE build SET state = 'finished', paper_count = (SELECT count(*) FROM paper WHERE build_id = $1) WHERE id = $1
                """, Self.binds(build))
        }
    }

    public func abandonBuild(_ build: Int64) throws {
        try write { session in try session.query("DELETE FROM build WHERE id = $1 AND state = 'pending'", Self.binds(build)) }
    }

    // MARK: Serving

    public func servingContext(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64 {
        try write { session in
            var record = build
            record.kind = .serve
            // Instances starting together: one inserts, the others find its row (the unique index decides).
            let inserted = try session.query("""
                INSERT INTO build (kind, state, created_at, blueprint_id, blueprint_title, audience, blueprint_digest, blueprint_source,
                                   blueprint_path, bank_digest, seed, kaofa_version, excluded)
                VALUES ('serve', 'finished', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT (blueprint_digest, bank_digest) WHERE kind = 'serve' DO NOTHING
                RETURNING id
                """, Self.buildBinds(record))
            if let row = inserted.first {
                let id = try row.makeRandomAccess()[0].decode(Int64.self)
                try insert(questions, build: id, session: session)
                return id
            }
            let existing = try session.query("""
                SELECT id FROM build WHERE kind = 'serve' AND blueprint_digest = $1 AND bank_digest = $2
                """, Self.binds(build.blueprintDigest, build.bankDigest))
            guard let row = existing.first else { throw RegistryError("登记库 \(address) 中找不到刚登记的服务记录") }
            return try row.makeRandomAccess()[0].decode(Int64.self)
        }
    }

    public func recordServed(_ paper: PaperRecord, context: Int64) throws -> Bool {
        try recordServed([(paper, context)])[0]
    }

    public func recordServed(_ papers: [(paper: PaperRecord, context: Int64)]) throws -> [Bool] {
        guard !papers.isEmpty else { return [] }
        return try write { session in
            var fresh: [Bool] = []
            for chunk in papers.chunks(of: 2048) {
                let inserted = try insertPapers(chunk.map { ($0.paper, $0.context) }, session: session)
                // The first of equal papers in a group is the new one, as when they come one by one.
                var claimed = Set<PaperKey>()
                for (paper, context) in chunk {
                    let key = PaperKey(id: paper.id, build: context)
                    fresh.append(inserted.contains(key) && claimed.insert(key).inserted)
                }
                var counts: [Int64: Int64] = [:]
                for key in claimed { counts[key.build, default: 0] += 1 }
                for (context, count) in counts.sorted(by: { $0.key < $1.key }) {
                    try session.query("UPDATE build SET paper_count = paper_count + $1 WHERE id = $2", Self.binds(count, context))
                }
            }
            return fresh
        }
    }

    // MARK: Responses

    public func recordResponse(_ response: ResponseRecord) throws -> ResponseOutcome {
        try write { session in
            let inserted = try session.query("""
                INSERT INTO response (paper_id, examinee, created_at, answers, objective, pending, result)
                VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (paper_id, examinee) DO NOTHING RETURNING seq
                """, Self.binds(response.paperID, response.examinee, response.createdAt, response.answers,
                                Int64(response.objective), Int64(response.pending), response.result))
            if !inserted.rows.isEmpty { return .recorded }
            let rows = try session.query("SELECT \(Self.responseColumns) FROM response WHERE paper_id = $1 AND examinee = $2",
                                         Self.binds(response.paperID, response.examinee))
            guard let row = rows.first else { throw RegistryError("登记库 \(address) 中找不到已登记的答卷") }
            let existing = try Self.response(row)
            return existing.answers == response.answers ? .repeated(existing) : .conflict(existing)
        }
    }

    public func responses(blueprint: String) throws -> [ResponseRecord] {
        try read { session in
            try session.query("""
                SELECT \(Self.responseColumns) FROM response WHERE paper_id IN (SELECT id FROM paper WHERE blueprint_id = $1) ORDER BY seq
                """, Self.binds(blueprint)).map(Self.response)
        }
    }

    public func responseScores(blueprint: String) throws -> [ResponseScore] {
        try read { session in
            // Rows are taken as they arrive rather than collected first: a province has a million of them.
            let scores = RowCollector<ResponseScore>()
            try session.forEachRow("""
                SELECT paper_id, examinee, objective, pending FROM response
                WHERE paper_id IN (SELECT id FROM paper WHERE blueprint_id = $1) ORDER BY seq
                """, Self.binds(blueprint)) { row in
                let (paper, examinee, objective, pending) = try row.decode((String, String, Int64, Int64).self)
                scores.append(ResponseScore(paperID: paper, examinee: examinee, objective: Int(objective), pending: Int(pending)))
            }
            return scores.values
        }
    }

    // MARK: Exposure

    public func usedQuestionIDs(_ query: UsageQuery) throws -> Set<String> {
        var conditions = Conditions("state = 'finished'")
        if let blueprint = query.blueprintID { conditions.add("blueprint_id = ?", blueprint) }
        if let audience = query.audience { conditions.add("audience = ?", audience) }
        var builds = "SELECT id FROM build WHERE \(conditions.sql)"
        if let lastBuilds = query.lastBuilds { builds += " ORDER BY created_at DESC, id DESC LIMIT \(lastBuilds)" }
        var papers = "build_id IN (\(builds))"
        if let since = query.since { papers += " AND created_at >= " + conditions.bind(since) }
        // The server takes the papers' item lists apart and sends each question id once.
        let sql = "SELECT DISTINCT item->>0 FROM paper, jsonb_array_elements(items::jsonb) AS item WHERE \(papers)"
        return try read { session in
            var used: Set<String> = []
            for row in try session.query(sql, conditions.binds) { used.insert(try row.makeRandomAccess()[0].decode(String.self)) }
            return used
        }
    }

    // MARK: Queries

    public func builds(_ filter: HistoryFilter) throws -> [BuildRecord] {
        var conditions = Conditions("state = 'finished'")
        if let blueprint = filter.blueprint { conditions.add("(blueprint_id = ? OR strpos(blueprint_title, ?) > 0)", blueprint, blueprint) }
        if let audience = filter.audience { conditions.add("audience = ?", audience) }
        if let examinee = filter.examinee {
            conditions.add("id IN (SELECT build_id FROM paper WHERE subject_kind = 'examinee' AND subject = ?)", examinee)
        }
        if let since = filter.since { conditions.add("created_at >= ?", since) }
        let sql = "SELECT \(Self.buildColumns) FROM build WHERE \(conditions.sql) ORDER BY created_at DESC, id DESC LIMIT "
            + conditions.bind(Int64(filter.limit))
        return try read { session in try session.query(sql, conditions.binds).map(Self.build) }
    }

    public func papers(_ filter: HistoryFilter) throws -> [PaperRecord] {
        var conditions = Conditions("b.state = 'finished'")
        if let blueprint = filter.blueprint { conditions.add("(p.blueprint_id = ? OR strpos(b.blueprint_title, ?) > 0)", blueprint, blueprint) }
        if let audience = filter.audience { conditions.add("p.audience = ?", audience) }
        if let examinee = filter.examinee { conditions.add("p.subject_kind = 'examinee' AND p.subject = ?", examinee) }
        if let since = filter.since { conditions.add("p.created_at >= ?", since) }
        let sql = """
            SELECT \(Self.paperColumns(prefix: "p.")) FROM paper p JOIN build b ON b.id = p.build_id WHERE \(conditions.sql)
            ORDER BY p.created_at DESC, p.seq DESC LIMIT \(conditions.bind(Int64(filter.limit)))
            """
        return try read { session in try session.query(sql, conditions.binds).map(Self.paper) }
    }

    public func paper(id: String) throws -> (paper: PaperRecord, build: BuildRecord)? {
        try read { session in
            guard let row = try session.query("""
                SELECT \(Self.paperColumns(prefix: "p.")) FROM paper p JOIN build b ON b.id = p.build_id
                WHERE p.id = $1 AND b.state = 'finished' ORDER BY p.seq LIMIT 1
                """, Self.binds(id)).first else { return nil }
            let paper = try Self.paper(row)
            guard let buildID = paper.buildID,
                  let build = try session.query("SELECT \(Self.buildColumns) FROM build WHERE id = $1", Self.binds(buildID)).first
            else { return nil }
            return (paper, try Self.build(build))
        }
    }

    public func questionDigests(build: Int64) throws -> [String: String] {
        try read { session in
            var digests: [String: String] = [:]
            for row in try session.query("SELECT question_id, digest FROM build_question WHERE build_id = $1", Self.binds(build)) {
                let cells = row.makeRandomAccess()
                digests[try cells[0].decode(String.self)] = try cells[1].decode(String.self)
            }
            return digests
        }
    }

    public func ping() throws {
        try read { session in _ = try session.query("SELECT 1 FROM kaofa_migration LIMIT 1") }
    }

    /// How many papers are recorded under builds that have not finished (invisible to every query).
    public func pendingPaperCount() throws -> Int {
        try read { session in
            let rows = try session.query("SELECT count(*) FROM paper p JOIN build b ON b.id = p.build_id WHERE b.state = 'pending'")
            return Int(try rows.first?.makeRandomAccess()[0].decode(Int64.self) ?? 0)
        }
    }

    /// Row counts per table, for tests and operators: nothing recorded twice, nothing half-recorded.
    public func tableCounts() throws -> [String: Int] {
        try read { session in
            var counts: [String: Int] = [:]
            for table in ["build", "build_question", "paper", "response"] {
                let rows = try session.query("SELECT count(*) FROM \(table)")
                counts[table] = Int(try rows.first?.makeRandomAccess()[0].decode(Int64.self) ?? 0)
            }
            return counts
        }
    }

    // MARK: Rows

    private struct PaperKey: Hashable {
        var id: String
        var build: Int64
    }

    private func insert(_ build: BuildRecord, state: String, session: PostgresConnections.Session) throws -> Int64 {
        var binds = Self.buildBinds(build)
        binds.append(build.kind.rawValue)
        binds.append(state)
        let rows = try session.query("""
            INSERT INTO build (created_at, blueprint_id, blueprint_title, audience, blueprint_digest, blueprint_source, blueprint_path,
                               bank_digest, seed, kaofa_version, excluded, kind, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
            """, binds)
        guard let row = rows.first else { throw RegistryError("登记库 \(address) 没有返回新组卷记录的编号") }
        return try row.makeRandomAccess()[0].decode(Int64.self)
    }

    private static func buildBinds(_ build: BuildRecord) -> PostgresBindings {
        var binds = PostgresBindings(capacity: 13)
        binds.append(build.createdAt)
        binds.append(build.blueprintID)
        binds.append(build.blueprintTitle)
        binds.append(build.audience)
        binds.append(build.blueprintDigest)
        binds.append(build.blueprintSource)
        binds.append(build.blueprintPath)
        binds.append(build.bankDigest)
        binds.append(build.seed)
        binds.append(build.kaofaVersion)
        binds.append(RegistryCoding.encode(excluded: build.excluded))
        return binds
    }

    private func insert(_ questions: [QuestionDigest], build: Int64, session: PostgresConnections.Session) throws {
        for chunk in questions.chunks(of: 10_000) {
            var binds = PostgresBindings(capacity: 3)
            binds.append(build)
            binds.append(chunk.map(\.id))
            binds.append(chunk.map(\.digest))
            try session.query("""
                INSERT INTO build_question (build_id, question_id, digest) SELECT $1, * FROM unnest($2::text[], $3::text[])
                ON CONFLICT DO NOTHING
                """, binds)
        }
    }

    /// Inserts papers in one statement (arrays unnested on the server); returns those that were not there yet.
    private func insertPapers(_ papers: [(paper: PaperRecord, build: Int64)], session: PostgresConnections.Session) throws -> Set<PaperKey> {
        var binds = PostgresBindings(capacity: 14)
        binds.append(papers.map(\.paper.id))
        binds.append(papers.map(\.build))
        binds.append(papers.map(\.paper.createdAt))
        binds.append(papers.map(\.paper.blueprintID))
        binds.append(papers.map(\.paper.audience))
        binds.append(papers.map(\.paper.seed))
        binds.append(papers.map { if case .examinee = $0.paper.subject { "examinee" } else { "variant" } })
        binds.append(papers.map { switch $0.paper.subject { case let .variant(label): label; case let .examinee(id): id } })
        // text[] cannot hold NULL through these bindings: absent names and units travel as flags beside them.
        binds.append(papers.map { $0.paper.examineeName ?? "" })
        binds.append(papers.map { $0.paper.examineeName != nil })
        binds.append(papers.map { $0.paper.examineeUnit ?? "" })
        binds.append(papers.map { $0.paper.examineeUnit != nil })
        binds.append(papers.map(\.paper.digest))
        binds.append(papers.map { RegistryCoding.encode($0.paper.items) })
        let rows = try session.query("""
            INSERT INTO paper (id, build_id, created_at, blueprint_id, audience, seed, subject_kind, subject, examinee_name,
                               examinee_unit, digest, items)
            SELECT id, build_id, created_at, blueprint_id, audience, seed, subject_kind, subject,
                   CASE WHEN has_name THEN name END, CASE WHEN has_unit THEN unit END, digest, items
            FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                        $9::text[], $10::bool[], $11::text[], $12::bool[], $13::text[], $14::text[])
                 AS new (id, build_id, created_at, blueprint_id, audience, seed, subject_kind, subject, name, has_name, unit, has_unit,
                         digest, items)
            ON CONFLICT (build_id, id) DO NOTHING
            RETURNING id, build_id
            """, binds)
        var inserted = Set<PaperKey>()
        for row in rows {
            let cells = row.makeRandomAccess()
            inserted.insert(PaperKey(id: try cells[0].decode(String.self), build: try cells[1].decode(Int64.self)))
        }
        return inserted
    }

    private static let buildColumns = """
        id, kind, created_at, blueprint_id, blueprint_title, audience, blueprint_digest, blueprint_source, blueprint_path, bank_digest,
        seed, kaofa_version, paper_count, excluded
        """

    private static func build(_ row: PostgresRow) throws -> BuildRecord {
        let cells = row.makeRandomAccess()
        return BuildRecord(id: try cells["id"].decode(Int64.self),
                           kind: BuildRecord.Kind(rawValue: try cells["kind"].decode(String.self)) ?? .build,
                           createdAt: try cells["created_at"].decode(Date.self),
                           blueprintID: try cells["blueprint_id"].decode(String.self),
                           blueprintTitle: try cells["blueprint_title"].decode(String.self),
                           audience: try cells["audience"].decode(String.self),
                           blueprintDigest: try cells["blueprint_digest"].decode(String.self),
                           blueprintSource: try cells["blueprint_source"].decode(String.self),
                           blueprintPath: try cells["blueprint_path"].decode(String?.self),
                           bankDigest: try cells["bank_digest"].decode(String.self),
                           seed: try cells["seed"].decode(String?.self),
                           kaofaVersion: try cells["kaofa_version"].decode(String.self),
                           paperCount: Int(try cells["paper_count"].decode(Int64.self)),
                           excluded: RegistryCoding.decode(excluded: try cells["excluded"].decode(String.self)))
    }

    private static func paperColumns(prefix: String) -> String {
        ["seq", "id", "build_id", "created_at", "blueprint_id", "audience", "seed", "subject_kind", "subject", "examinee_name",
         "examinee_unit", "digest", "items"].map { prefix + $0 }.joined(separator: ", ")
    }

    private static func paper(_ row: PostgresRow) throws -> PaperRecord {
        let cells = row.makeRandomAccess()
        let subject = try cells["subject"].decode(String.self)
        return PaperRecord(id: try cells["id"].decode(String.self), buildID: try cells["build_id"].decode(Int64.self),
                           createdAt: try cells["created_at"].decode(Date.self),
                           blueprintID: try cells["blueprint_id"].decode(String.self),
                           audience: try cells["audience"].decode(String.self), seed: try cells["seed"].decode(String.self),
                           subject: try cells["subject_kind"].decode(String.self) == "examinee" ? .examinee(subject) : .variant(subject),
                           examineeName: try cells["examinee_name"].decode(String?.self),
                           examineeUnit: try cells["examinee_unit"].decode(String?.self),
                           digest: try cells["digest"].decode(String.self),
                           items: try RegistryCoding.decode(try cells["items"].decode(String.self)))
    }

    private static let responseColumns = "paper_id, examinee, created_at, answers, objective, pending, result"

    private static func response(_ row: PostgresRow) throws -> ResponseRecord {
        let cells = row.makeRandomAccess()
        return ResponseRecord(paperID: try cells["paper_id"].decode(String.self), examinee: try cells["examinee"].decode(String.self),
                              createdAt: try cells["created_at"].decode(Date.self), answers: try cells["answers"].decode(String.self),
                              objective: Int(try cells["objective"].decode(Int64.self)),
                              pending: Int(try cells["pending"].decode(Int64.self)), result: try cells["result"].decode(String.self))
    }

    private static func binds(_ values: any PostgresDynamicTypeEncodable...) -> PostgresBindings {
        var binds = PostgresBindings(capacity: values.count)
        for value in values { binds.append(value) }
        return binds
    }

    // MARK: Access

    @discardableResult
    private func write<T>(_ body: (PostgresConnections.Session) throws -> T) throws -> T {
        try access { session in try session.transaction { try body(session) } }
    }

    @discardableResult
    private func read<T>(_ body: (PostgresConnections.Session) throws -> T) throws -> T {
        try access(body)
    }

    private func access<T>(_ body: (PostgresConnections.Session) throws -> T) throws -> T {
        do {
            return try connections.with(body)
        } catch let error as RegistryError {
            throw error
        } catch {
            // Row decoding: the database holds something this kaofa did not write.
            throw RegistryError("登记库 \(address) 中的记录无法读取：\(PostgresConnections.describe(error))")
        }
    }
}

/// Rows decoded on the connection's event loop, one callback at a time, handed over when the statement is done.
private final class RowCollector<Value>: @unchecked Sendable {
    private(set) var values: [Value] = []

    func append(_ value: Value) { values.append(value) }
}

/// A WHERE clause built condition by condition: `?` in each clause becomes the next `$n`.
private struct Conditions {
    private var clauses: [String] = []
    private(set) var binds = PostgresBindings()

    init(_ first: String) { clauses = [first] }

    mutating func add(_ clause: String, _ values: any PostgresDynamicTypeEncodable...) {
        var text = ""
        var values = values[...]
        for character in clause {
            if character == "?", let value = values.popFirst() {
                text += bind(value)
            } else {
                text.append(character)
            }
        }
        clauses.append(text)
    }

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: any PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var sql: String { clauses.joined(separator: " AND ") }
}

extension Array {
    fileprivate func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
