import Foundation
import KaofaCore

/// Compiled questions as a QTI 2.1 content package (a zip: `imsmanifest.xml` after IMS Content Packaging 1.1, one
/// `assessmentItem` file per question under `items/`), for `kaofa export --to qti`, the format most test platforms
/// other than Moodle import.
///
/// Each item's file is named by its identifier: the question's id, which is a valid XML name when it starts with a
/// letter (`XF-0001`); an id starting with a digit gets a `_` in front, a question without an id is `_Q` and its
/// number in the export. The manifest lists every item as a resource of type `imsqti_item_xmlv2p1` with its metadata
/// (IEEE LOM): the kaofa id, the title, the law, 条文, 知识点, 对象, 题型 and the question's tags as keywords, the
/// difficulty on LOM's scale. What QTI cannot hold is reported like the other exports (W0812, W0813).
public struct QTIPackageExport: BankExport {
    public var exportedIDs: [String?] = []
    public var diagnostics: [Diagnostic] = []
    /// The package's files, manifest first, then the items in bank order.
    public var files: [(path: String, text: String)] = []

    public init(_ questions: [Question], catalog: LawCatalog) {
        var resources: [String] = []
        var unnamed = 0
        for question in questions {
            let position = question.source.numberRange
            let name = question.id.map { "题目 \($0) " } ?? "第 \(question.number) 题"
            if let reason = QTIItem.whyNotHeld(question) {
                diagnostics.append(Diagnostic(.exportQuestionOmitted, "\(name)没有导出：\(reason)", at: position,
                    notes: [.help("这道题留在题库中；需要在其他系统中使用时，请在那里手工录入")]))
                continue
            }
            let identifier: String
            if let id = question.id {
                identifier = (id.first?.isLetter ?? false) ? id : "_" + id
            } else {
                unnamed += 1
                identifier = "_Q\(unnamed)"
            }
            let item = QTIItem(question: question, identifier: identifier, catalog: catalog)
            let (xml, interactions) = item.xml()
            let (written, removed) = MoodleXMLExport.removingNonXMLCharacters(xml)
            let path = "items/\(identifier).xml"
            files.append((path, written))
            resources.append(Self.resource(question, identifier: identifier, path: path, title: item.title,
                                           interactions: interactions, catalog: catalog))
            exportedIDs.append(question.id)

            let all = [question] + question.parts
            let texts = all.flatMap { [$0.stem, $0.explanation ?? "", $0.material ?? "", BankTableExport.answerText($0.answer)] + $0.options.map(\.text) }
            let missing = ExportOmissions.common(question, texts: texts, removed: removed, container: "题目包")
            if !missing.isEmpty {
                diagnostics.append(Diagnostic(.exportContentOmitted, "\(name)已导出，但 QTI 题目包中没有：" + missing.joined(separator: "；"), at: position,
                    notes: [.help("在导入题目包的系统中编辑这道题补上；题库文件仍是正本")]))
            }
        }
        files.insert(("imsmanifest.xml", Self.manifest(resources)), at: 0)
    }

    /// The zip file.
    public func zip() throws -> [UInt8] {
        try ZipWriter.archive(files.map { ($0.path, Data($0.text.utf8)) })
    }

    static func manifest(_ resources: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" \
        xmlns:imsqti="http://www.imsglobal.org/xsd/imsqti_metadata_v2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
        xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd \
        http://ltsc.ieee.org/xsd/LOM http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd \
        http://www.imsglobal.org/xsd/imsqti_metadata_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd" \
        identifier="KAOFA-MANIFEST">
          <metadata>
            <schema>QTIv2.1 Package</schema>
            <schemaversion>1.0.0</schemaversion>
          </metadata>
          <organizations/>
          <resources>

        """ + resources.joined() + "  </resources>\n</manifest>\n"
    }

    /// The manifest's entry for one item, with its metadata.
    static func resource(_ question: Question, identifier: String, path: String, title: String, interactions: [String],
                         catalog: LawCatalog) -> String {
        func string(_ text: String) -> String { "<imsmd:string language=\"zh-CN\">\(QTIXML.text(text))</imsmd:string>" }
        // The same keywords as the Moodle export's tags: the law, then `条文:…`, `难度:…`, `知识点:…`, `对象:…`, own tags.
        let keywords = MoodleXMLExport.tags(question, catalog: catalog)
        var out = "    <resource identifier=\"R\(identifier)\" type=\"imsqti_item_xmlv2p1\" href=\"\(path)\">\n"
        out += "      <metadata>\n        <imsmd:lom>\n          <imsmd:general>\n"
        if let id = question.id {
            out += "            <imsmd:identifier><imsmd:catalog>kaofa</imsmd:catalog><imsmd:entry>\(QTIXML.text(id))</imsmd:entry></imsmd:identifier>\n"
        }
        out += "            <imsmd:title>\(string(title))</imsmd:title>\n"
        out += "            <imsmd:language>zh-CN</imsmd:language>\n"
        for keyword in keywords { out += "            <imsmd:keyword>\(string(keyword))</imsmd:keyword>\n" }
        out += "          </imsmd:general>\n"
        if let difficulty = question.difficulty {
            let value = switch difficulty { case .easy: "easy"; case .medium: "medium"; case .hard: "difficult" }
            out += "          <imsmd:educational><imsmd:difficulty><imsmd:source>LOMv1.0</imsmd:source><imsmd:value>\(value)</imsmd:value></imsmd:difficulty></imsmd:educational>\n"
        }
        out += "        </imsmd:lom>\n        <imsqti:qtiMetadata>\n"
        out += "          <imsqti:timeDependent>false</imsqti:timeDependent>\n"
        if question.type == .caseAnalysis { out += "          <imsqti:composite>true</imsqti:composite>\n" }
        var seen: [String] = []
        for interaction in interactions where !seen.contains(interaction) {
            seen.append(interaction)
            out += "          <imsqti:interactionType>\(interaction)</imsqti:interactionType>\n"
        }
        out += "          <imsqti:feedbackType>\(question.explanation == nil && question.parts.allSatisfy { $0.explanation == nil } ? "none" : "nonadaptive")</imsqti:feedbackType>\n"
        out += "          <imsqti:solutionAvailable>true</imsqti:solutionAvailable>\n"
        out += "        </imsqti:qtiMetadata>\n      </metadata>\n"
        out += "      <file href=\"\(path)\"/>\n    </resource>\n"
        return out
    }
}
