import Crypto

/// The normalised bank as JSON, schema `kaofa.bank/1` (`docs/schemas/kaofa.bank.schema.json`,
/// `docs/bank-json.md`).
public enum BankJSON {
    public static let schema = "kaofa.bank/1"

    /// Writes the whole document to `sink`. Questions
    /// appear in file order (files in the order given on the command line, directories expanded in sorted
    /// order); `digest` does not depend on that order or on formatting. Serialisation runs on all cores; the
    /// bytes do not depend on scheduling.
    public static func write(_ questions: [Question], catalog: LawCatalog, to sink: (ArraySlice<UInt8>) throws -> Void) rethrows {
        // One parallel pass serialises every question twice: pretty (for the document) and compact without
        // `source` (for the digest, which the header needs before the questions).
        let chunkSize = 2_000
        let ranges = stride(from: 0, to: questions.count, by: chunkSize).map { $0..<min(questions.count, $0 + chunkSize) }
        let chunks = ParallelMap.map(ranges) { range -> (pieces: [UInt8], hashes: [[UInt8]]) in
            var pieces = JSONWriter(pretty: true, baseDepth: 1, capacity: range.count * 2048)
            pieces.beginArray()
            var hashes: [[UInt8]] = []
            hashes.reserveCapacity(range.count)
            var compact = JSONWriter(pretty: false, capacity: 4096)
            for question in questions[range] {
                write(question, catalog: catalog, includeSource: true, into: &pieces)
                hashes.append(contentHash(question, using: &compact))
            }
            return (pieces.bytes, hashes)
        }
        var writer = JSONWriter(pretty: true)
        writer.beginObject()
        writer.key("schema"); writer.string(schema)
        writer.key("digest"); writer.string(digest(hashes: chunks.flatMap(\.hashes)))
        writer.key("questionCount"); writer.int(questions.count)
        writer.key("questions")
        writer.beginArray()
        try writer.flush(to: sink)
        // Each chunk was written as the elements of an array at depth 1: drop its "[" and continue the list.
        for (index, chunk) in chunks.enumerated() where chunk.pieces.count > 1 {
            if index > 0 { try sink([UInt8(ascii: ",")][...]) }
            try sink(chunk.pieces.dropFirst())
        }
        try sink(Array((questions.isEmpty ? "]\n}\n" : "\n  ]\n}\n").utf8)[...])
    }

    /// The whole document in memory (for tests and small banks).
    public static func document(_ questions: [Question], catalog: LawCatalog) -> [UInt8] {
        var out: [UInt8] = []
        write(questions, catalog: catalog) { out.append(contentsOf: $0) }
        return out
    }

    /// `sha256:` + hex of a SHA-256 over the questions' content: each question's JSON without `source` and
    /// `lawName` is serialised compactly and hashed with SHA-256; the 32-byte hashes are sorted bytewise and
    /// hashed together (docs/bank-json.md §5 has a reference implementation). Reordering files
    /// or questions, renumbering questions or reformatting a bank leaves the digest unchanged; changing any id,
    /// text, option, answer or tag changes it (so does renumbering the sub-questions of a case whose parts have
    /// derived ids).
    public static func digest(_ questions: [Question]) -> String {
        let chunkSize = 4_000
        let ranges = stride(from: 0, to: questions.count, by: chunkSize).map { $0..<min(questions.count, $0 + chunkSize) }
        let hashes = ParallelMap.map(ranges) { range in questions[range].map(contentHash) }.flatMap { $0 }
        return digest(hashes: hashes)
    }

    /// `sha256:…` of a question's content (its compact JSON without `source` and `lawName`): what the registry
    /// keeps to tell later whether a question has changed.
    public static func contentDigest(_ question: Question) -> String {
        "sha256:" + Hex.string(contentHash(question))
    }

    /// SHA-256 of a question's compact JSON without `source` and `lawName`: its contribution to the digest.
    static func contentHash(_ question: Question) -> [UInt8] {
        var writer = JSONWriter(pretty: false, capacity: 2048)
        return contentHash(question, using: &writer)
    }

    /// The same, reusing a writer's buffer.
    static func contentHash(_ question: Question, using writer: inout JSONWriter) -> [UInt8] {
        writer.reset()
        write(question, catalog: nil, includeSource: false, into: &writer)
        return Array(SHA256.hash(data: writer.bytes))
    }

    /// The bank digest from the per-question hashes, in any order.
    static func digest(hashes: [[UInt8]]) -> String {
        let hashes = hashes.sorted { $0.lexicographicallyPrecedes($1) }
        var hasher = SHA256()
        for hash in hashes { hasher.update(data: hash) }
        return "sha256:" + Hex.string(hasher.finalize())
    }

    /// One question. `answer` is always an array of strings: option labels, `正确`/`错误`, one text per blank
    /// (the first accepted form), or the reference answer. `acceptable` lists every accepted form per blank;
    /// `rubric` the scoring points of written answers.
    static func write(_ question: Question, catalog: LawCatalog?, includeSource: Bool, into w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(question.id)
        w.key("type"); w.string(question.type.rawValue)
        w.key("law"); w.string(question.law)
        if let catalog, let law = question.law.flatMap({ catalog.law(id: $0) }) {
            w.key("lawName"); w.string(law.name)
        }
        w.key("article"); w.string(question.articles.isEmpty ? nil : ArticleCitation.text(question.articles))
        w.key("articles")
        w.beginArray()
        for citation in question.articles {
            w.beginObject()
            w.key("article"); w.int(citation.article)
            w.key("paragraph"); w.int(citation.paragraph)
            w.key("item"); w.int(citation.item)
            w.endObject()
        }
        w.endArray()
        w.key("difficulty"); w.string(question.difficulty?.englishName)
        w.key("audience")
        w.beginArray()
        for audience in question.audience { w.string(audience.rawValue) }
        w.endArray()
        w.key("topic"); w.string(question.topic)
        w.key("tags"); w.strings(question.tags)
        w.key("enemyGroups"); w.strings(question.enemyGroups)
        w.key("points"); w.double(question.points)
        w.key("stem"); w.string(question.stem)
        w.key("options")
        w.beginArray()
        for option in question.options {
            w.beginObject()
            w.key("label"); w.string(option.label)
            w.key("text"); w.string(option.text)
            w.key("pinned"); w.bool(option.pinned)
            w.endObject()
        }
        w.endArray()
        w.key("answer")
        switch question.answer {
        case let .choice(labels):
            w.strings(labels)
        case let .trueFalse(value):
            w.beginArray()
            w.string(value ? "正确" : "错误")
            w.endArray()
        case let .blanks(blanks):
            w.strings(blanks.map { $0.first ?? "" })
            w.key("acceptable")
            w.beginArray()
            for blank in blanks { w.strings(blank) }
            w.endArray()
        case let .written(reference, rubric):
            w.strings([reference])
            w.key("rubric"); w.strings(rubric)
        case .parts, .missing:
            w.strings([])
        }
        w.key("explanation"); w.string(question.explanation)
        if question.type == .caseAnalysis {
            w.key("material"); w.string(question.material)
            w.key("parts")
            w.beginArray()
            for part in question.parts { write(part, catalog: catalog, includeSource: includeSource, into: &w) }
            w.endArray()
        }
        if includeSource {
            w.key("source")
            w.beginObject()
            w.key("file"); w.string(question.source.file)
            w.key("line"); w.int(question.source.line)
            w.endObject()
        }
        w.endObject()
    }
}
