import Foundation

/// Official texts a user keeps next to the banks (a `Laws/` directory, `docs/law-catalog.md` §6.1), added to the
/// shipped catalog without rebuilding kaofa:
/// - the current text of a law the catalog describes, when kaofa lacks it (`pendingText`) or ships an older one;
/// - a law the catalog does not have (a local regulation of the user's province), described by a short header.
///
/// Each file is one law in the form of the shipped texts: a `# 全称` line, its history, every article on a line that
/// starts with 第…条. Texts only feed the checks (article numbers, W0410) and what prints an article's words; no
/// paper or key JSON depends on a text (a new law's id and title are in the papers that use it, as for any law).
public enum LocalLaws {
    /// One file's contents, as read.
    public struct File: Sendable {
        public var path: String
        public var text: String

        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// The header keys a file may have (Chinese names too), and what they set.
    static let headerKeys: [String: String] = [
        "id": "id", "简称": "id", "category": "category", "类别": "category", "region": "region", "地区": "region",
        "aliases": "aliases", "别称": "aliases", "issuer": "issuer", "制定机关": "issuer", "adopted": "adopted",
        "通过": "adopted", "revised": "revised", "修改": "revised", "effective": "effective", "施行": "effective",
    ]

    /// The catalog with `files` added, in the order given (callers sort them by name); or the first file's problem.
    public static func extend(_ catalog: LawCatalog, with files: [File]) -> Result<LawCatalog, Diagnostic> {
        var laws = catalog.laws
        var texts = catalog.texts
        var origin: [String: String] = [:]  // law id → the file that set it
        for file in files {
            switch read(file, catalog: catalog, laws: laws) {
            case let .failure(diagnostic): return .failure(diagnostic)
            case let .success((law, text)):
                if let earlier = origin[law.id] {
                    return .failure(Diagnostic(.invalidLawText, "《\(law.name)》的原文在 \(earlier) 中已经有了", at: .line(1, of: file.path),
                                               notes: [.help("每部法律只留一个文件")]))
                }
                origin[law.id] = file.path
                texts[law.id] = text
                if let position = laws.firstIndex(where: { $0.id == law.id }) { laws[position] = law } else { laws.append(law) }
            }
        }
        do {
            return .success(try LawCatalog(schema: catalog.schema, categories: catalog.categories, laws: laws, texts: texts))
        } catch {
            // Names are checked per file above; what is left is a collision between two new files' aliases.
            let file = files.last?.path ?? "Laws"
            return .failure(Diagnostic(.invalidLawText, "法规原文与法律目录冲突：\(error)", at: .line(1, of: file)))
        }
    }

    /// One file: the law it gives the text of (a catalog entry updated, or a new one) and the parsed text.
    static func read(_ file: File, catalog: LawCatalog, laws: [Law]) -> Result<(Law, LawText), Diagnostic> {
        let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        func at(_ line: Int) -> SourceRange { .line(line, of: file.path) }
        func failure(_ message: String, line: Int = 1, help: String) -> Result<(Law, LawText), Diagnostic> {
            .failure(Diagnostic(.invalidLawText, message, at: at(line), notes: [.help(help)]))
        }
        // The header, if any: `key: value` lines between two `---` lines at the top.
        var header: [String: (value: String, line: Int)] = [:]
        var body = file.text[...]
        var headerLines = 0  // lines the header takes, its two --- included
        if lines.first == "---" {
            guard let end = lines.dropFirst().firstIndex(of: "---") else {
                return failure("文件头没有结束的 ---", help: "文件头写成两行 --- 之间的“键: 值”，例如 category: 地方性法规")
            }
            for index in 1..<end where !lines[index].isEmpty {
                let line = lines[index]
                guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else {
                    return failure("文件头的这一行不是“键: 值”", line: index + 1, help: "写成 category: 地方性法规 这样的一行")
                }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                guard let name = headerKeys[key] else {
                    return failure("文件头中没有“\(key)”这一项", line: index + 1,
                                   help: "可以写：id（简称）、category（类别）、region（地区）、aliases（别称）、issuer（制定机关）、adopted、revised、effective")
                }
                header[name] = (line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), index + 1)
            }
            body = file.text.split(separator: "\n", maxSplits: end + 1, omittingEmptySubsequences: false).last ?? ""
            headerLines = end + 1
        }
        let text = LawText(markdown: String(body))
        guard !text.title.isEmpty else {
            return failure("没有“# 全称”标题行", line: headerLines + 1, help: "第一行（文件头之后）写法律的全称，例如 # 北京市物业管理条例")
        }
        guard !text.articles.isEmpty else {
            return failure("没有找到条文：每一条应当另起一行，以“第一条”这样的序号开头", help: "按官方文本，每条另起一行：第一条 为了……")
        }
        let count = text.articles.keys.max() ?? 0
        if let missing = (1...count).first(where: { text.articles[$0] == nil }) {
            let line = lines.firstIndex { $0.hasPrefix(ArticleCitation(article: missing + 1).text) }.map { $0 + 1 } ?? 1
            return failure("条文不连续：没有\(ArticleCitation(article: missing).text)", line: line,
                           help: "核对条文序号；每一条都应当另起一行，以“第…条”开头")
        }
        let fileName = URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
        let id = header["id"]?.value ?? fileName
        let known = laws.first { $0.id == LawCatalog.normalize(id) || $0.id == id } ?? catalog.law(named: id) ?? catalog.law(named: text.title)
        if var law = known {
            guard LawCatalog.normalize(text.title) == LawCatalog.normalize(law.name) else {
                return failure("这是《\(law.name)》的文件（\(id)），标题却是《\(text.title)》", line: headerLines + 1,
                               help: "标题写这部法律的全称，或把文件改名为它的简称")
            }
            if law.isRepealed {
                return failure("《\(law.name)》已于 \(law.repealed!) 废止，不能提供它的现行文本", help: "删除这个文件，或改为现行有效的法律")
            }
            law.text = file.path
            law.articles = count
            law.pendingText = nil
            if let revised = header["revised"]?.value { law.revised = revised }
            return .success((law, text))
        }
        guard let category = header["category"] else {
            return failure("法律目录中没有《\(text.title)》，要在文件头写明它的类别", line: headerLines + 1,
                           help: "在文件开头加四行：---、category: 地方性法规、region: 某某省、---（每项一行）")
        }
        guard catalog.categories.contains(category.value) else {
            return failure("没有“\(category.value)”这个类别", line: category.line, help: "类别是：\(catalog.categories.joined(separator: "、"))")
        }
        let aliases = header["aliases"].map { $0.value.split(whereSeparator: { "，,、".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
        let names = [(id, header["id"]?.line ?? 1), (text.title, headerLines + 1)] + aliases.map { ($0, header["aliases"]?.line ?? 1) }
        for (name, line) in names {
            if let other = catalog.law(named: name) {
                return failure("“\(name)”已经是法律目录中《\(other.name)》的名称", line: line, help: "换一个简称或别称")
            }
        }
        let law = Law(id: id, name: text.title, aliases: aliases, category: category.value, issuer: header["issuer"]?.value,
                      adopted: header["adopted"]?.value, revised: header["revised"]?.value, effective: header["effective"]?.value,
                      repealed: nil, successor: nil, articles: count, region: header["region"]?.value, text: file.path, pendingText: nil)
        return .success((law, text))
    }
}
