import Foundation

/// The law catalog: every law, regulation and topic a bank may tag, with the official texts kaofa ships.
/// Loaded from `Resources/Laws/catalog.json`; see `docs/law-catalog.md`.
public struct LawCatalog: Sendable {
    public let schema: String
    public let categories: [String]
    /// Entries in catalog order.
    public let laws: [Law]
    /// Parsed official texts by law id.
    public let texts: [String: LawText]
    private let index: [String: Int]
    /// Byte-exact lookups of ids and names as written (see `ExactStringTable`).
    private let exactIndex: ExactStringTable<Int>
    private let textsByPosition: [LawText?]

    private struct File: Decodable {
        var schema: String
        var categories: [String]
        var laws: [Law]
    }

    public enum LoadError: Error, CustomStringConvertible {
        case missingResource(String)
        case invalid(String)

        public var description: String {
            switch self {
            case let .missingResource(name): "law catalog resource missing: \(name)"
            case let .invalid(reason): "law catalog is invalid: \(reason)"
            }
        }
    }

    /// The catalog shipped with kaofa, with its texts. Loaded once per process.
    public static let shipped: Result<LawCatalog, LoadError> = {
        guard let directory = Bundle.module.url(forResource: "Laws", withExtension: nil) else {
            return .failure(.missingResource("Laws"))
        }
        return Result { try LawCatalog(directory: directory) }.mapError { $0 as? LoadError ?? .invalid("\($0)") }
    }()

    /// Loads `catalog.json` and the texts it names from a directory laid out like `Resources/Laws`.
    public init(directory: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: directory.appendingPathComponent("catalog.json"))
        } catch {
            throw LoadError.missingResource("catalog.json")
        }
        var texts: [String: LawText] = [:]
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw LoadError.invalid("\(error)")
        }
        for law in file.laws {
            guard let name = law.text else { continue }
            let url = directory.appendingPathComponent("texts").appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw LoadError.missingResource("texts/\(name)") }
            texts[law.id] = LawText(markdown: text)
        }
        try self.init(schema: file.schema, categories: file.categories, laws: file.laws, texts: texts)
    }

    public init(schema: String = "kaofa.laws/1", categories: [String], laws: [Law], texts: [String: LawText]) throws {
        self.schema = schema
        self.categories = categories
        self.laws = laws
        self.texts = texts
        guard schema == "kaofa.laws/1" else { throw LoadError.invalid("unknown schema \(schema)") }
        var index: [String: Int] = [:]
        for law in laws {
            if let successor = law.successor, !laws.contains(where: { $0.id == successor }) {
                throw LoadError.invalid("\(law.id): successor \(successor) is not in the catalog")
            }
            if law.pendingText != nil, law.text != nil || law.articles != nil {
                throw LoadError.invalid("\(law.id): a law awaiting its current text (pendingText) has neither a text nor an article count")
            }
            if let articles = law.articles, let text = texts[law.id], text.articles.count != articles {
                throw LoadError.invalid("\(law.id): \(articles) articles in the catalog, \(text.articles.count) in its text")
            }
        }
        for (position, law) in laws.enumerated() {
            guard categories.contains(law.category) else { throw LoadError.invalid("\(law.id): unknown category \(law.category)") }
            for name in [law.id, law.name] + law.aliases {
                let key = LawCatalog.normalize(name)
                if let other = index[key], other != position {
                    throw LoadError.invalid("name \(name) is used by both \(laws[other].id) and \(law.id)")
                }
                index[key] = position
            }
        }
        self.index = index
        self.exactIndex = ExactStringTable(laws.enumerated().flatMap { position, law in
            ([law.id, law.name] + law.aliases).map { ($0, position) }
        })
        self.textsByPosition = laws.map { texts[$0.id] }
    }

    /// Strips 《》 and white space; the 中华人民共和国 prefix is optional.
    static func normalize(_ name: String) -> String {
        var key = name.trimmingSpaces().trimmingCharacters(in: "《》〈〉<> ")
        key = key.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "　", with: "")
        if key.hasPrefix("中华人民共和国"), key.count > 7 { key.removeFirst(7) }
        return key
    }

    /// The entry a name (id, full title, alias, with or without 《》) stands for.
    public func law(named name: String) -> Law? {
        if let position = exactIndex[name] { return laws[position] }  // fast path: ids as written in banks
        return index[LawCatalog.normalize(name)].map { laws[$0] }
    }

    public func law(id: String) -> Law? { law(named: id) }

    /// A close known name, for “did you mean”.
    public func suggestion(for name: String) -> String? {
        let key = LawCatalog.normalize(name)
        // A known name inside what was written (`宪法修正案` → 宪法) or the other way round.
        let contained = laws.filter { key.contains(LawCatalog.normalize($0.id)) || LawCatalog.normalize($0.id).contains(key) }
        if key.count >= 2, let best = contained.max(by: { $0.id.count < $1.id.count }) { return best.id }
        return Suggestion.closest(to: key, in: laws.flatMap { [$0.id] + $0.aliases })
            .flatMap { law(named: $0)?.id }
    }

    /// The text of an article, if kaofa has the law's text.
    public func article(_ number: Int, of lawID: String) -> LawText.Article? {
        text(of: lawID)?.articles[number]
    }

    /// The parsed text of a law, by id or name.
    public func text(of lawID: String) -> LawText? {
        if let position = exactIndex[lawID] { return textsByPosition[position] }
        return texts[lawID]
    }
}
