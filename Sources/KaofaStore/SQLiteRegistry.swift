import Foundation
import GRDB
import KaofaCore

/// The registry in one SQLite file through GRDB: WAL mode (readers never wait for the writer), a busy timeout
/// for other processes writing the same file, foreign keys on, and the schema created and migrated on first use.
/// GRDB's pool serialises writes, so there is a single writer per process.
public final class SQLiteRegistry: Registry {
    public let path: String
    private let pool: DatabasePool

    public var location: String { path }

    /// How long a write waits for another process holding the database.
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating the file and its directory if need be) and migrates the registry at `path`.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw RegistryError("无法创建登记库目录 \(directory)：\(error.localizedDescription)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "kaofa.registry"
        // Processes opening one registry together (two builds, several servers starting) take turns creating it and
        // applying migrations: an advisory lock on a file beside it, held only while opening.
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw RegistryError("无法打开登记库 \(path)：不能创建 \(path).lock（检查目录的写权限）") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw RegistryError("无法打开登记库 \(path)：不能锁定 \(path).lock") }
        }
        defer { flock(lock, LOCK_UN) }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw RegistryError("无法打开登记库 \(path)：\(error.message ?? error.description)")
        } catch {
            throw RegistryError("无法打开登记库 \(path)：\(error)")
        }
    }

    /// The schema, one migration per version; never edit a released migration, add another.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE build (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL CHECK (kind IN ('build', 'serve')),
                    -- 'pending' until the build has written everything; only 'finished' builds are visible
                    state TEXT NOT NULL CHECK (state IN ('pending', 'finished')),
                    created_at TEXT NOT NULL,
                    blueprint_id TEXT NOT NULL,
                    blueprint_title TEXT NOT NULL,
                    audience TEXT NOT NULL,
                    blueprint_digest TEXT NOT NULL,
                    blueprint_source TEXT NOT NULL,
                    blueprint_path TEXT,
                    bank_digest TEXT NOT NULL,
                    seed TEXT,
                    kaofa_version TEXT NOT NULL,
                    paper_count INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX build_blueprint ON build (blueprint_id, created_at);
                CREATE UNIQUE INDEX serving_context ON build (blueprint_digest, bank_digest) WHERE kind = 'serve';

                CREATE TABLE build_question (
                    build_id INTEGER NOT NULL REFERENCES build (id) ON DELETE CASCADE,
                    question_id TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    PRIMARY KEY (build_id, question_id)
                ) WITHOUT ROWID;

                CREATE TABLE paper (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL,
                    build_id INTEGER NOT NULL REFERENCES build (id) ON DELETE CASCADE,
                    created_at TEXT NOT NULL,
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
                );
                CREATE INDEX paper_id ON paper (id);
                CREATE INDEX paper_subject ON paper (subject_kind, subject);
                CREATE INDEX paper_blueprint ON paper (blueprint_id, created_at);
                """)
        }
        migrator.registerMigration("v2 responses") { db in
            try db.execute(sql: """
                CREATE TABLE response (
                    seq INTEGER PRIMARY KEY,
                    paper_id TEXT NOT NULL,
                    examinee TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    answers TEXT NOT NULL,
                    objective INTEGER NOT NULL,
                    pending INTEGER NOT NULL,
                    result TEXT NOT NULL,
                    UNIQUE (paper_id, examinee)
                );
                """)
        }
        migrator.registerMigration("v3 exposure") { db in
            try db.execute(sql: "ALTER TABLE build ADD COLUMN excluded TEXT NOT NULL DEFAULT '[]'")
        }
        return migrator
    }

    // MARK: Builds

    public func beginBuild(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64 {
        try write { db in
            // Builds that never finished (killed, or their process crashed) are removed first.
            try db.execute(sql: "DELETE FROM build WHERE state = 'pending' AND created_at < ?",
                           arguments: [RegistryCoding.timestamp(build.createdAt.addingTimeInterval(-24 * 3600))])
            let id = try Self.insert(build, state: "pending", db: db)
            try Self.insert(questions, build: id, db: db)
            return id
        }
    }

    public func addPapers(_ papers: [PaperRecord], toBuild build: Int64) throws {
        guard !papers.isEmpty else { return }
        try write { db in
            let statement = try db.cachedStatement(sql: Self.insertPaperSQL(orIgnore: true))
            for paper in papers { try statement.execute(arguments: Self.arguments(paper, build: build)) }
        }
    }

    public func finishBuild(_ build: Int64) throws {
        try write { db in
            try db.execute(sql: """
                UPDATE build SET state = 'finished', paper_count = (SELECT count(*) FROM paper WHERE build_id = ?) WHERE id = ?
                """, arguments: [build, build])
        }
    }

    public func abandonBuild(_ build: Int64) throws {
        try write { db in try db.execute(sql: "DELETE FROM build WHERE id = ? AND state = 'pending'", arguments: [build]) }
    }

    // MARK: Serving

    public func servingContext(_ build: BuildRecord, questions: [QuestionDigest]) throws -> Int64 {
        try write { db in
            if let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM build WHERE kind = 'serve' AND blueprint_digest = ? AND bank_digest = ?
                """, arguments: [build.blueprintDigest, build.bankDigest]) {
                return existing
            }
            var record = build
            record.kind = .serve
            let id = try Self.insert(record, state: "finished", db: db)
            try Self.insert(questions, build: id, db: db)
            return id
        }
    }

    public func recordServed(_ paper: PaperRecord, context: Int64) throws -> Bool {
        try recordServed([(paper, context)])[0]
    }

    public func recordServed(_ papers: [(paper: PaperRecord, context: Int64)]) throws -> [Bool] {
        try write { db in
            let insert = try db.cachedStatement(sql: Self.insertPaperSQL(orIgnore: true))
            let count = try db.cachedStatement(sql: "UPDATE build SET paper_count = paper_count + 1 WHERE id = ?")
            return try papers.map { paper, context in
                try insert.execute(arguments: Self.arguments(paper, build: context))
                guard db.changesCount > 0 else { return false }
                try count.execute(arguments: [context])
                return true
            }
        }
    }

    // MARK: Responses

    public func recordResponse(_ response: ResponseRecord) throws -> ResponseOutcome {
        try write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM response WHERE paper_id = ? AND examinee = ?",
                                          arguments: [response.paperID, response.examinee]) {
                let existing = ResponseRecord(paperID: row["paper_id"], examinee: row["examinee"], createdAt: RegistryCoding.date(row["created_at"]),
                                              answers: row["answers"], objective: row["objective"], pending: row["pending"],
                                              result: row["result"])
                return existing.answers == response.answers ? .repeated(existing) : .conflict(existing)
            }
            try db.execute(sql: """
                INSERT INTO response (paper_id, examinee, created_at, answers, objective, pending, result) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [response.paperID, response.examinee, RegistryCoding.timestamp(response.createdAt), response.answers,
                                 response.objective, response.pending, response.result])
            return .recorded
        }
    }

    public func responses(blueprint: String) throws -> [ResponseRecord] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT * FROM response WHERE paper_id IN (SELECT id FROM paper WHERE blueprint_id = ?) ORDER BY seq
                """, arguments: [blueprint])
            var records: [ResponseRecord] = []
            while let row = try rows.next() {
                records.append(ResponseRecord(paperID: row["paper_id"], examinee: row["examinee"], createdAt: RegistryCoding.date(row["created_at"]),
                                              answers: row["answers"], objective: row["objective"], pending: row["pending"],
                                              result: row["result"]))
            }
            return records
        }
    }

    public func responseScores(blueprint: String) throws -> [ResponseScore] {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT paper_id, examinee, objective, pending FROM response
                WHERE paper_id IN (SELECT id FROM paper WHERE blueprint_id = ?) ORDER BY seq
                """, arguments: [blueprint])
            var scores: [ResponseScore] = []
            while let row = try rows.next() {
                scores.append(ResponseScore(paperID: row[0], examinee: row[1], objective: row[2], pending: row[3]))
            }
            return scores
        }
    }

    // MARK: Exposure

    public func usedQuestionIDs(_ query: UsageQuery) throws -> Set<String> {
        var conditions = Conditions("state = 'finished'")
        if let blueprint = query.blueprintID { conditions.add("blueprint_id = ?", blueprint) }
        if let audience = query.audience { conditions.add("audience = ?", audience) }
        var builds = "SELECT id FROM build WHERE \(conditions.sql)"
        if let lastBuilds = query.lastBuilds { builds += " ORDER BY created_at DESC, id DESC LIMIT \(lastBuilds)" }
        var sql = "SELECT items FROM paper WHERE build_id IN (\(builds))"
        var arguments = conditions.arguments
        if let since = query.since {
            sql += " AND created_at >= ?"
            arguments.append(RegistryCoding.timestamp(since))
        }
        return try read { db in
            var used: Set<String> = []
            let rows = try String.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let items = try rows.next() {
                for item in try RegistryCoding.decode(items) { used.insert(item.questionID) }
            }
            return used
        }
    }

    // MARK: Queries

    public func builds(_ filter: HistoryFilter) throws -> [BuildRecord] {
        var conditions = Conditions("state = 'finished'")
        if let blueprint = filter.blueprint { conditions.add("(blueprint_id = ? OR instr(blueprint_title, ?) > 0)", blueprint, blueprint) }
        if let audience = filter.audience { conditions.add("audience = ?", audience) }
        if let examinee = filter.examinee {
            conditions.add("id IN (SELECT build_id FROM paper WHERE subject_kind = 'examinee' AND subject = ?)", examinee)
        }
        if let since = filter.since { conditions.add("created_at >= ?", RegistryCoding.timestamp(since)) }
        let sql = "SELECT * FROM build WHERE \(conditions.sql) ORDER BY created_at DESC, id DESC LIMIT ?"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(conditions.arguments + [filter.limit])).map(Self.build)
        }
    }

    public func papers(_ filter: HistoryFilter) throws -> [PaperRecord] {
        var conditions = Conditions("b.state = 'finished'")
        if let blueprint = filter.blueprint { conditions.add("(p.blueprint_id = ? OR instr(b.blueprint_title, ?) > 0)", blueprint, blueprint) }
        if let audience = filter.audience { conditions.add("p.audience = ?", audience) }
        if let examinee = filter.examinee { conditions.add("p.subject_kind = 'examinee' AND p.subject = ?", examinee) }
        if let since = filter.since { conditions.add("p.created_at >= ?", RegistryCoding.timestamp(since)) }
        let sql = """
            SELECT p.* FROM paper p JOIN build b ON b.id = p.build_id WHERE \(conditions.sql)
            ORDER BY p.created_at DESC, p.seq DESC LIMIT ?
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(conditions.arguments + [filter.limit])).map(Self.paper)
        }
    }

    public func paper(id: String) throws -> (paper: PaperRecord, build: BuildRecord)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT p.* FROM paper p JOIN build b ON b.id = p.build_id WHERE p.id = ? AND b.state = 'finished'
                ORDER BY p.seq LIMIT 1
                """, arguments: [id]) else { return nil }
            let paper = try Self.paper(row)
            guard let buildID = paper.buildID,
                  let build = try Row.fetchOne(db, sql: "SELECT * FROM build WHERE id = ?", arguments: [buildID]) else { return nil }
            return (paper, Self.build(build))
        }
    }

    public func questionDigests(build: Int64) throws -> [String: String] {
        try read { db in
            var digests: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT question_id, digest FROM build_question WHERE build_id = ?", arguments: [build]) {
                digests[row["question_id"]] = row["digest"]
            }
            return digests
        }
    }

    public func ping() throws {
        _ = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM build WHERE id = 0") }
    }

    /// How many papers are recorded under builds that have not finished (invisible to every query).
    public func pendingPaperCount() throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM paper p JOIN build b ON b.id = p.build_id WHERE b.state = 'pending'") ?? 0
        }
    }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: Rows

    private static func insert(_ build: BuildRecord, state: String, db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO build (kind, state, created_at, blueprint_id, blueprint_title, audience, blueprint_digest, blueprint_source,
                               blueprint_path, bank_digest, seed, kaofa_version, paper_count, excluded)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
            """, arguments: [build.kind.rawValue, state, RegistryCoding.timestamp(build.createdAt), build.blueprintID, build.blueprintTitle,
                             build.audience, build.blueprintDigest, build.blueprintSource, build.blueprintPath, build.bankDigest,
                             build.seed, build.kaofaVersion,
                             RegistryCoding.encode(excluded: build.excluded)])
        return db.lastInsertedRowID
    }

    private static func insert(_ questions: [QuestionDigest], build: Int64, db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO build_question (build_id, question_id, digest) VALUES (?, ?, ?)")
        for question in questions { try statement.execute(arguments: [build, question.id, question.digest]) }
    }

    private static func insertPaperSQL(orIgnore: Bool) -> String {
        """
        INSERT \(orIgnore ? "OR IGNORE " : "")INTO paper (id, build_id, created_at, blueprint_id, audience, seed, subject_kind,
                                                           subject, examinee_name, examinee_unit, digest, items)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    }

    private static func arguments(_ paper: PaperRecord, build: Int64) -> StatementArguments {
        let (kind, subject): (String, String) = switch paper.subject {
        case let .variant(label): ("variant", label)
        case let .examinee(id): ("examinee", id)
        }
        return [paper.id, build, RegistryCoding.timestamp(paper.createdAt), paper.blueprintID, paper.audience, paper.seed, kind, subject,
                paper.examineeName, paper.examineeUnit, paper.digest, RegistryCoding.encode(paper.items)]
    }

    private static func build(_ row: Row) -> BuildRecord {
        BuildRecord(id: row["id"], kind: BuildRecord.Kind(rawValue: row["kind"]) ?? .build, createdAt: RegistryCoding.date(row["created_at"]),
                    blueprintID: row["blueprint_id"], blueprintTitle: row["blueprint_title"], audience: row["audience"],
                    blueprintDigest: row["blueprint_digest"], blueprintSource: row["blueprint_source"],
                    blueprintPath: row["blueprint_path"], bankDigest: row["bank_digest"], seed: row["seed"],
                    kaofaVersion: row["kaofa_version"], paperCount: row["paper_count"],
                    excluded: RegistryCoding.decode(excluded: row["excluded"]))
    }

    private static func paper(_ row: Row) throws -> PaperRecord {
        let subject: String = row["subject"]
        let kind: String = row["subject_kind"]
        return PaperRecord(id: row["id"], buildID: row["build_id"], createdAt: RegistryCoding.date(row["created_at"]), blueprintID: row["blueprint_id"],
                           audience: row["audience"], seed: row["seed"],
                           subject: kind == "examinee" ? .examinee(subject) : .variant(subject),
                           examineeName: row["examinee_name"], examineeUnit: row["examinee_unit"], digest: row["digest"],
                           items: try RegistryCoding.decode(row["items"]))
    }

    // MARK: Access

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as RegistryError {
            throw error
        } catch let error as DatabaseError {
            throw RegistryError("无法写入登记库 \(path)：\(error.message ?? error.description)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as RegistryError {
            throw error
        } catch let error as DatabaseError {
            throw RegistryError("无法读取登记库 \(path)：\(error.message ?? error.description)")
        }
    }
}

/// A WHERE clause built condition by condition, with its arguments in order.
private struct Conditions {
    private var clauses: [String]
    private(set) var arguments: [any DatabaseValueConvertible] = []

    init(_ first: String) { clauses = [first] }

    mutating func add(_ clause: String, _ values: any DatabaseValueConvertible...) {
        clauses.append(clause)
        arguments += values
    }

    var sql: String { clauses.joined(separator: " AND ") }
}
