import Foundation
import KaofaCore
import Testing
@testable import KaofaInterchange

/// `kaofa export --to qti`: the zip holds a manifest listing every item file, every file is well-formed QTI 2.1 (read
/// back with the parser the importers use), and each item's correct response is the bank's key.
@Suite("export to a QTI 2.1 package")
struct QTIExportTests {
    /// The package's files, unzipped with the reader the XLSX import uses.
    static func unzip(_ bytes: [UInt8]) throws -> [String: [UInt8]] {
        var package = try ZipPackage(bytes: bytes)
        var files: [String: [UInt8]] = [:]
        for path in package.paths { files[path] = try package.part(path) }
        return files
    }

    static func tree(_ bytes: [UInt8], _ name: String) throws -> XMLTreeNode {
        let builder = XMLTreeBuilder()
        try XMLEvents.parse(bytes, part: name, into: builder)
        return try #require(builder.root)
    }

    /// Every element named `name` below `node`, in document order.
    static func all(_ name: String, in node: XMLTreeNode) -> [XMLTreeNode] {
        (node.name == name ? [node] : []) + node.children.flatMap { all(name, in: $0) }
    }

    /// A response's correct values and, for text entries, the accepted forms of its mapping.
    static func responses(_ item: XMLTreeNode) -> [String: (correct: [String], mapped: [String])] {
        var found: [String: (correct: [String], mapped: [String])] = [:]
        for declaration in item.children("responseDeclaration") {
            let correct = declaration.child("correctResponse")?.children("value").map(\.text) ?? []
            let mapped = declaration.child("mapping")?.children("mapEntry").compactMap { $0.attributes["mapKey"] } ?? []
            found[declaration.attributes["identifier"] ?? ""] = (correct, mapped)
        }
        return found
    }

    /// Checks that `item` carries `question`'s key under `response`.
    static func expectKey(_ question: Question, in item: XMLTreeNode, response: String) {
        let declared = responses(item)
        switch question.answer {
        case let .choice(keys):
            #expect(declared[response]?.correct == keys, "\(question.id ?? "")")
            let interaction = all("choiceInteraction", in: item).first { $0.attributes["responseIdentifier"] == response }
            #expect(interaction?.attributes["maxChoices"] == (question.type == .single ? "1" : "0"))
            #expect(interaction?.children("simpleChoice").map { $0.attributes["identifier"] ?? "" } == question.options.map(\.label))
            #expect(interaction?.children("simpleChoice").map(\.text) == question.options.map(\.text))
        case let .trueFalse(value):
            #expect(declared[response]?.correct == [value ? "TRUE" : "FALSE"])
        case let .blanks(blanks):
            for (index, accepted) in blanks.enumerated() {
                let id = blanks.count == 1 ? response : "\(response)_\(index + 1)"
                #expect(declared[id]?.correct == [accepted[0]], "\(question.id ?? "") \(id)")
                #expect(declared[id]?.mapped == accepted, "\(question.id ?? "") \(id)")
            }
            #expect(all("textEntryInteraction", in: item).count >= blanks.count)
        case let .written(_, rubric):
            #expect(declared[response] != nil)
            #expect(declared[response]?.correct == [])
            let scorer = all("rubricBlock", in: item).first { $0.attributes["view"] == "scorer" }
            #expect(scorer.map { all("li", in: $0).map(\.text) } == rubric)
        case .parts, .missing:
            Issue.record("unexpected answer for \(question.id ?? "")")
        }
    }

    /// What the QTI 2.1 schema requires of an item that kaofa could get wrong: the order of its parts, identifiers that
    /// are XML names, every interaction bound to a declared response and every response to one interaction, the
    /// attributes the schema makes required.
    static func expectSchemaShape(_ item: XMLTreeNode, file: String) {
        let order = ["responseDeclaration", "outcomeDeclaration", "itemBody", "responseProcessing", "modalFeedback"]
        let ranks = item.children.map { order.firstIndex(of: $0.name) ?? -1 }
        #expect(!ranks.contains(-1) && ranks == ranks.sorted(), "\(file): \(item.children.map(\.name))")
        #expect(item.children.filter { $0.name == "itemBody" }.count == 1, "\(file)")
        for name in ["identifier", "title", "adaptive", "timeDependent"] { #expect(item.attributes[name] != nil, "\(file) \(name)") }
        func isName(_ text: String) -> Bool {
            guard let first = text.unicodeScalars.first, first == "_" || ("A"..."Z").contains(first) || ("a"..."z").contains(first) else { return false }
            return text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) }
        }
        let declared = item.children("responseDeclaration").map { $0.attributes["identifier"] ?? "" }
        #expect(([item.attributes["identifier"] ?? ""] + declared).allSatisfy(isName), "\(file)")
        #expect(item.children("responseDeclaration").allSatisfy { $0.attributes["cardinality"] != nil && $0.attributes["baseType"] != nil }, "\(file)")
        let interactions = ["choiceInteraction", "textEntryInteraction", "extendedTextInteraction"].flatMap { all($0, in: item) }
        let bound = interactions.map { $0.attributes["responseIdentifier"] ?? "" }
        #expect(bound.sorted() == declared.sorted(), "\(file): \(bound) \(declared)")
        for choice in all("choiceInteraction", in: item) {
            let ids = choice.children("simpleChoice").map { $0.attributes["identifier"] ?? "" }
            #expect(ids.allSatisfy(isName) && Set(ids).count == ids.count && choice.attributes["maxChoices"] != nil, "\(file)")
        }
        // Text entries sit in a paragraph (inline), the others in the body (block).
        #expect(all("p", in: item).flatMap { all("textEntryInteraction", in: $0) }.count == all("textEntryInteraction", in: item).count, "\(file)")
        for feedback in item.children("modalFeedback") {
            #expect(feedback.attributes["outcomeIdentifier"] == "FEEDBACK" && feedback.attributes["showHide"] != nil, "\(file)")
        }
        #expect(all("rubricBlock", in: item).allSatisfy { $0.attributes["view"] == "scorer" }, "\(file)")
    }

    @Test("all sample banks: the manifest lists every item file, each item's correct response is the bank's key")
    func sampleBanks() throws {
        let original = ExportRoundTripTests.compile(try ExportRoundTripTests.sampleBanks.map(Support.sampleBank))
        let export = QTIPackageExport(original, catalog: Support.catalog)
        #expect(export.exportedIDs == original.map(\.id))
        #expect(Support.lines(export.diagnostics) == [])
        let files = try Self.unzip(try export.zip())
        #expect(files.count == original.count + 1)

        let manifest = try Self.tree(try #require(files["imsmanifest.xml"]), "imsmanifest.xml")
        #expect(manifest.name == "manifest")
        let resources = Self.all("resource", in: manifest)
        #expect(resources.map { $0.attributes["href"] ?? "" } == original.map { "items/\($0.id ?? "").xml" })
        #expect(resources.allSatisfy { $0.attributes["type"] == "imsqti_item_xmlv2p1" && $0.child("file")?.attributes["href"] == $0.attributes["href"] })
        #expect(Set(resources.map { $0.attributes["href"] ?? "" }) == Set(files.keys.filter { $0 != "imsmanifest.xml" }))
        #expect(Set(resources.map { $0.attributes["identifier"] ?? "" }).count == resources.count)

        for (question, resource) in zip(original, resources) {
            let path = try #require(resource.attributes["href"])
            let item = try Self.tree(try #require(files[path]), path)
            #expect(item.name == "assessmentItem")
            Self.expectSchemaShape(item, file: path)
            #expect(item.attributes["identifier"] == question.id)
            // The law is in the label and in the manifest's keywords.
            let law = question.law.flatMap { Support.catalog.law(id: $0)?.name }
            #expect(item.attributes["label"]?.hasPrefix(law ?? "-") == true)
            #expect(Self.all("keyword", in: resource).first.map { Self.all("string", in: $0)[0].text } == law)
            if question.type == .caseAnalysis {
                #expect(Self.all("p", in: item).first?.attributes["class"] == "material")
                for (index, part) in question.parts.enumerated() { Self.expectKey(part, in: item, response: "RESPONSE_\(index + 1)") }
            } else {
                Self.expectKey(question, in: item, response: "RESPONSE")
            }
            #expect(item.child("modalFeedback") != nil || (question.explanation == nil && question.parts.allSatisfy { $0.explanation == nil }))
        }
    }

    static let bank = """
        ---
        law: 宪法
        ---

        ## 一、单项选择题

        1. 下列属于 <国家机构> & 的是（  ）。 {#1-X 难度=难 条文=第三条 分值=2 互斥=甲}
        A. 国务院
        B. 政党
        C. 以上都对 {固定}
        答案：A
        解析：“解析”

        ## 二、判断题

        1. 宪法是根本法。![图](图/一.png)
        答案：错误

        ## 三、填空题

        1. 空中套空（____）和____。 {#T-0201}
        答案：甲；乙；丙

        2. 一个空：全国人大每届任期____年。 {#T-0202}
        答案：五/5

        """

    @Test("identifiers as XML names, the exact item for a choice, what QTI cannot hold reported")
    func exactItems() throws {
        let original = ExportRoundTripTests.compile([("Banks/测试.md", Array(Self.bank.utf8))])
        let export = QTIPackageExport(original, catalog: Support.catalog)
        #expect(Support.lines(export.diagnostics) == [
            "W0813 7:1 题目 1-X 已导出，但 QTI 题目包中没有：互斥=甲",
            "W0813 16:1 第 1 题已导出，但 QTI 题目包中没有：图片 图/一.png（题目中只有图片的写法 ![…](…)，图片文件不在题目包中）",
            "W0812 21:1 题目 T-0201 没有导出：填空题有 3 个空，题干中找不到一一对应的空（____ 或（  ）），无法放置输入框",
        ])
        #expect(export.files.map(\.path) == ["imsmanifest.xml", "items/_1-X.xml", "items/_Q1.xml", "items/T-0202.xml"])
        #expect(export.files[1].text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd" \
            identifier="_1-X" title="下列属于 &lt;国家机构&gt; &amp; 的是（  ）。" label="中华人民共和国宪法 第三条" xml:lang="zh-CN" \
            adaptive="false" timeDependent="false" toolName="kaofa">
              <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>A</value></correctResponse></responseDeclaration>
              <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float" normalMaximum="2"><defaultValue><value>0</value></defaultValue></outcomeDeclaration>
              <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
              <itemBody>
                <p>下列属于 &lt;国家机构&gt; &amp; 的是（  ）。</p>
                <choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">
                  <simpleChoice identifier="A">国务院</simpleChoice>
                  <simpleChoice identifier="B">政党</simpleChoice>
                  <simpleChoice identifier="C" fixed="true">以上都对</simpleChoice>
                </choiceInteraction>
              </itemBody>
              <responseProcessing>
                <responseCondition><responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>\
            <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">2</baseValue></sum></setOutcomeValue>\
            </responseIf></responseCondition>
                <setOutcomeValue identifier="FEEDBACK"><baseValue baseType="identifier">EXPLANATION</baseValue></setOutcomeValue>
              </responseProcessing>
              <modalFeedback outcomeIdentifier="FEEDBACK" identifier="EXPLANATION" showHide="show" title="解析"><p>“解析”</p></modalFeedback>
            </assessmentItem>

            """)
        for (path, text) in export.files.dropFirst() { Self.expectSchemaShape(try Self.tree(Array(text.utf8), path), file: path) }
        // 判断 never shuffles; no 解析, no feedback outcome.
        let trueFalse = try Self.tree(Array(export.files[2].text.utf8), "t")
        #expect(Self.all("choiceInteraction", in: trueFalse).first?.attributes["shuffle"] == "false")
        #expect(trueFalse.children("outcomeDeclaration").count == 1 && trueFalse.child("modalFeedback") == nil)
        // One blank in place, every form worth the whole point.
        #expect(export.files[3].text.contains("<p>一个空：全国人大每届任期<textEntryInteraction responseIdentifier=\"RESPONSE\" expectedLength=\"4\"/>年。</p>"))
        #expect(export.files[3].text.contains("<mapEntry mapKey=\"五\" mappedValue=\"1\" caseSensitive=\"false\"/><mapEntry mapKey=\"5\" mappedValue=\"1\" caseSensitive=\"false\"/>"))
        // The manifest says what the item is about.
        #expect(export.files[0].text.contains("<imsmd:keyword><imsmd:string language=\"zh-CN\">条文:第三条</imsmd:string></imsmd:keyword>"))
        #expect(export.files[0].text.contains("<imsmd:value>difficult</imsmd:value>"))
    }

    @Test("the same bank gives the same bytes")
    func deterministic() throws {
        let original = ExportRoundTripTests.compile([("Banks/测试.md", Array(Self.bank.utf8))])
        #expect(try QTIPackageExport(original, catalog: Support.catalog).zip() == QTIPackageExport(original, catalog: Support.catalog).zip())
    }
}
