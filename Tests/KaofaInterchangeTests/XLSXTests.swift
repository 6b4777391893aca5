import Foundation
import Testing
import ZIPFoundation
@testable import KaofaInterchange

/// Builds .xlsx files part by part, for reader tests that need what kaofa's writer never writes.
enum HandmadeXLSX {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static func zip(_ parts: [(String, String)]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data!)
    }

    /// A workbook whose sheets are given as (name, sheet XML body inside `<sheetData>`), with `sharedStrings` XML.
    static func workbook(sheets: [(String, String)], sharedStrings: String? = nil, absoluteTargets: Bool = false,
                         firstSheetRelationships: String? = nil) throws -> [UInt8] {
        var parts: [(String, String)] = [
            ("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
        ]
        var workbook = "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>"
        var rels = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for (index, sheet) in sheets.enumerated() {
            workbook += "<sheet name=\"\(sheet.0)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            let target = absoluteTargets ? "/xl/worksheets/sheet\(index + 1).xml" : "worksheets/sheet\(index + 1).xml"
            rels += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relationships)/worksheet\" Target=\"\(target)\"/>"
            parts.append(("xl/worksheets/sheet\(index + 1).xml", "<worksheet xmlns=\"\(main)\"><sheetData>\(sheet.1)</sheetData></worksheet>"))
        }
        if let sharedStrings {
            rels += "<Relationship Id=\"rIdS\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(main)\">\(sharedStrings)</sst>"))
        }
        if let firstSheetRelationships {
            parts.append(("xl/worksheets/_rels/sheet1.xml.rels",
                          "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(firstSheetRelationships)</Relationships>"))
        }
        parts.append(("xl/workbook.xml", workbook + "</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
        return try zip(parts)
    }
}

@Suite("XLSX reading and writing")
struct XLSXTests {
    static func cells(_ table: Table) -> [[String]] { table.rows.map(\.cells) }

    @Test("shared strings with rich-text runs (phonetic runs left out), inline strings, numbers, booleans, errors, formulas")
    func cellKinds() throws {
        let shared = """
            <si><t>题干</t></si>\
            <si><r><rPr><b/></rPr><t>中华人民</t></r><r><t xml:space="preserve">共和国 </t></r><rPh sb="0" eb="1"><t>ちゅうか</t></rPh></si>\
            <si><t>换行_x000D_之后</t></si>
            """
        let sheet = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>答案</t></is></c></row>\
            <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><r><t>A</t></r><r><t>B</t></r></is></c>\
            <c r="C2"><v>3</v></c><c r="D2"><v>0.30000000000000004</v></c><c r="E2" t="b"><v>1</v></c>\
            <c r="F2" t="e"><v>#N/A</v></c><c r="G2" t="str"><f>A1&amp;"x"</f><v>题干x</v></c><c r="H2"><v>2.0</v></c>\
            <c r="I2" t="s"><v>2</v></c></row>
            """
        var workbook = try XLSXWorkbook(bytes: HandmadeXLSX.workbook(sheets: [("题库", sheet)], sharedStrings: shared))
        #expect(workbook.sheetNames == ["题库"])
        let table = try workbook.table()
        #expect(Self.cells(table) == [
            ["题干", "答案"],
            ["中华人民共和国 ", "AB", "3", "0.3", "TRUE", "#N/A", "题干x", "2", "换行\r之后"],
        ])
    }

    @Test("shared strings are filled in after the sheet is read: in every sheet, empty ones leave the cell empty, a missing one is an error")
    func sharedStringReferences() throws {
        let shared = "<si><t>甲</t></si><si><t></t></si><si><t>丙</t></si>"
        let first = "<row r=\"1\"><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
        let second = "<row r=\"2\"><c r=\"B2\" t=\"s\"><v> 0 </v></c></row><row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c></row>"
        var workbook = try XLSXWorkbook(bytes: HandmadeXLSX.workbook(sheets: [("一", first), ("二", second)], sharedStrings: shared))
        #expect(try workbook.table(sheet: "一").rows.map(\.cells) == [["a", "", "丙"]])
        // The second sheet reads the shared strings kept from the first.
        #expect(try workbook.table(sheet: "二").rows.map(\.cells) == [["", "甲"], ["丙"]])
        var broken = try XLSXWorkbook(bytes: HandmadeXLSX.workbook(
            sheets: [("S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"7\"><c r=\"B7\" t=\"s\"><v>3</v></c></row>")],
            sharedStrings: shared))
        #expect(throws: TabularError.malformedXML(part: "xl/worksheets/sheet1.xml", line: 1, reason: "单元格 B7 引用了不存在的共享字符串 3")) {
            try broken.table()
        }
    }

    @Test("a sheet read in pieces on several cores gives the rows read whole", arguments: [2, 3, 6])
    func pieces(count: Int) throws {
        var shared = "", rows = ""
        for index in 0..<200 {
            shared += "<si><t>共享\(index) &amp; &lt;x&gt;</t></si>"
            // Two rows in three without a number (the one before plus one), which must not start a piece.
            let number = index % 3 != 0 ? "" : " r=\"\(index + 1)\""
            rows += "<row\(number)><c r=\"A\(index + 1)\" t=\"s\"><v>\(index)</v></c>"
                + "<c r=\"C\(index + 1)\" t=\"inlineStr\"><is><t xml:space=\"preserve\"> 行\(index)\n第二行 </t></is></c><c r=\"D\(index + 1)\"><v>\(index).5</v></c></row>"
        }
        let bytes = try HandmadeXLSX.workbook(sheets: [("S", rows)], sharedStrings: shared)
        var whole = try XLSXWorkbook(bytes: bytes)
        let expected = try whole.table(part: "xl/worksheets/sheet1.xml", pieces: 1)
        #expect(expected.rows.count == 200)
        var split = try XLSXWorkbook(bytes: bytes)
        #expect(try split.table(part: "xl/worksheets/sheet1.xml", pieces: count, minimumSize: 0) == expected)
        // The pieces are whole rows, each piece a document of its own.
        let sheet = Array(("<worksheet xmlns=\"m\"><sheetData>" + rows + "</sheetData></worksheet>").utf8)
        let runs = try #require(XMLPieces.split(sheet, shape: .sheet, pieces: count, minimumSize: 0))
        #expect(runs.count == count)
        for run in runs.dropFirst() { #expect(String(decoding: run, as: UTF8.self).hasPrefix("<worksheet xmlns=\"m\"><sheetData><row r=")) }
        let strings = Array(("<?xml version=\"1.0\"?><sst xmlns=\"m\" count=\"200\">" + shared + "</sst>").utf8)
        let stringRuns = try #require(XMLPieces.split(strings, shape: .sharedStrings, pieces: count, minimumSize: 0))
        #expect(stringRuns.count == count)
        for run in stringRuns { #expect(String(decoding: run, as: UTF8.self).hasSuffix("</si></sst>")) }
        // A broken row in a later piece: the sheet is parsed again whole, and the error is the one of the whole sheet.
        let brokenBytes = try HandmadeXLSX.workbook(sheets: [("S", rows + "<row r=\"999\"><c r=\"A999\"><v>1</c></row>")], sharedStrings: shared)
        var brokenWhole = try XLSXWorkbook(bytes: brokenBytes), brokenSplit = try XLSXWorkbook(bytes: brokenBytes)
        let wholeError = #expect(throws: TabularError.self) { try brokenWhole.table(part: "xl/worksheets/sheet1.xml", pieces: 1) }
        let splitError = #expect(throws: TabularError.self) {
            try brokenSplit.table(part: "xl/worksheets/sheet1.xml", pieces: count, minimumSize: 0)
        }
        #expect(splitError == wholeError)
        // A comment could hide a row tag: such a sheet is read whole.
        #expect(XMLPieces.split(Array(("<worksheet><sheetData><!-- <row r=\"1\"> -->" + rows + "</sheetData></worksheet>").utf8),
                                  shape: .sheet, pieces: count, minimumSize: 0) == nil)
    }

    @Test("missing cells are empty, missing rows leave their numbers out, references may be absent or lower-case")
    func gaps() throws {
        let sheet = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c></row>\
            <row r="4"><c r="B4"><v>7</v></c><c><v>8</v></c><c r="AB4" t="inlineStr"><is><t>ab</t></is></c></row>\
            <row><c t="inlineStr"><is><t>no r</t></is></c><c r="c5"><v>1</v></c><c r="D5" t="inlineStr"><is><t></t></is></c></row>
            """
        var workbook = try XLSXWorkbook(bytes: HandmadeXLSX.workbook(sheets: [("S", sheet)]))
        let table = try workbook.table()
        #expect(table.rows.map(\.number) == [1, 4, 5])
        #expect(table.rows[0].cells == ["a", "", "c"])
        #expect(table.rows[1].cells.count == 28 && table.rows[1][1] == "7" && table.rows[1][2] == "8" && table.rows[1][27] == "ab")
        #expect(table.rows[1][3] == "" && table.rows[1][100] == "")
        #expect(table.rows[2].cells == ["no r", "", "1"])
    }

    @Test("several sheets: the first by default, another by name; an unknown name lists the sheets")
    func sheets() throws {
        let bytes = try HandmadeXLSX.workbook(sheets: [("说明", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>说明</t></is></c></row>"),
                                                      ("题库", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>题干</t></is></c></row>")],
                                             absoluteTargets: true)
        var workbook = try XLSXWorkbook(bytes: bytes)
        #expect(workbook.sheetNames == ["说明", "题库"])
        #expect(Self.cells(try workbook.table()) == [["说明"]])
        #expect(Self.cells(try workbook.table(sheet: "题库")) == [["题干"]])
        #expect(throws: TabularError.sheetNotFound(name: "Sheet1", available: ["说明", "题库"])) { try workbook.table(sheet: "Sheet1") }
    }

    @Test("namespace prefixes on elements (x:row, x:c) are read like plain names")
    func prefixedElements() throws {
        let sheet = "<x:worksheet xmlns:x=\"\(HandmadeXLSX.main)\"><x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>甲</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
        var bytes = try HandmadeXLSX.workbook(sheets: [("S", "")])
        var workbook = try XLSXWorkbook(bytes: bytes)
        #expect(try workbook.table().rows.isEmpty)
        // Replace the sheet part with the prefixed one.
        let archive = try Archive(data: Data(bytes), accessMode: .update)
        try archive.remove(archive["xl/worksheets/sheet1.xml"]!)
        let data = Data(sheet.utf8)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(data.count)) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
        bytes = [UInt8](archive.data!)
        workbook = try XLSXWorkbook(bytes: bytes)
        #expect(Self.cells(try workbook.table()) == [["", "甲"]])
    }

    @Test("pictures and comments of a sheet are named, since a table of text leaves them out")
    func contentOutsideCells() throws {
        let drawing = "<Relationship Id=\"rId1\" Type=\"\(HandmadeXLSX.relationships)/drawing\" Target=\"../drawings/drawing1.xml\"/>"
        let comments = "<Relationship Id=\"rId2\" Type=\"\(HandmadeXLSX.relationships)/comments\" Target=\"../comments1.xml\"/>"
        var both = try XLSXWorkbook(bytes: HandmadeXLSX.workbook(sheets: [("S", ""), ("T", "")], firstSheetRelationships: drawing + comments))
        #expect(both.contentOutsideCells() == [.drawings, .comments])
        #expect(both.contentOutsideCells(sheet: "T").isEmpty)
        var plain = try XLSXWorkbook(bytes: HandmadeXLSX.workbook(sheets: [("S", "")]))
        #expect(plain.contentOutsideCells().isEmpty)
        let report = TableImporter.run(
            try TableSource.load(HandmadeXLSX.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>题型</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>题干</t></is></c></row>")],
                                                       firstSheetRelationships: drawing),
                                  format: .xlsx, path: "题库.xlsx").get(),
            sourcePath: "题库.xlsx", outputPath: "导入.md", options: ImportOptions(), existingBanks: [], catalog: Support.catalog)
        #expect(Support.lines(report.diagnostics).contains("W0808 1:1 工作表中有图片或图表，kaofa 只导入单元格中的文字，它们没有导入"))
    }

    @Test("not a zip, a truncated file, a part that is not XML, a missing workbook: errors, never a crash")
    func damaged() throws {
        #expect(throws: TabularError.notZip) { try XLSXWorkbook(bytes: Array("编号,题干\n".utf8)) }
        #expect(throws: TabularError.notZip) { try XLSXWorkbook(bytes: []) }
        let good = try XLSXWriter.write([XLSXSheet(name: "题库", text: [["题干"], ["中华人民共和国的一切权力属于人民。"]])])
        for length in [good.count / 2, good.count - 30, 10] {
            #expect(throws: TabularError.self) {
                var workbook = try XLSXWorkbook(bytes: Array(good.prefix(length)))
                _ = try workbook.table()
            }
        }
        let broken = try HandmadeXLSX.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\"><v>1</v></row>")])
        var workbook = try XLSXWorkbook(bytes: broken)
        #expect(throws: TabularError.self) { try workbook.table() }
        let noWorkbook = try HandmadeXLSX.zip([("hello.txt", "hi")])
        #expect(throws: TabularError.missingPart("xl/workbook.xml")) { try XLSXWorkbook(bytes: noWorkbook) }
    }

    @Test("a document type declaration (billion laughs) is refused before parsing")
    func entityBomb() throws {
        var entities = "<!ENTITY lol \"lol\">"
        for level in 1...9 { entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1 == 0 ? "" : String(level - 1));", count: 10) + "\">" }
        let shared = "<?xml version=\"1.0\"?><!DOCTYPE sst [\(entities)]><sst xmlns=\"\(HandmadeXLSX.main)\"><si><t>&lol9;</t></si></sst>"
        var parts: [(String, String)] = []
        let archive = try Archive(data: Data(try HandmadeXLSX.workbook(sheets: [("S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")], sharedStrings: "<si><t>x</t></si>")), accessMode: .read)
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts.append((entry.path, entry.path == "xl/sharedStrings.xml" ? shared : String(decoding: data, as: UTF8.self)))
        }
        var workbook = try XLSXWorkbook(bytes: try HandmadeXLSX.zip(parts))
        let clock = ContinuousClock(), start = clock.now
        #expect(throws: TabularError.malformedXML(part: "xl/sharedStrings.xml", line: 1, reason: "含有 DOCTYPE 或实体声明，这类文件中不会有")) {
            try workbook.table()
        }
        #expect(clock.now - start < .seconds(1))
    }

    @Test("the writer's output reads back cell for cell: escapes, control characters, _xHHHH_, numbers, several sheets")
    func writerRoundTrip() throws {
        let rows: [[XLSXCell]] = [
            ["编号", "题干", "数"],
            [.text("A&B <c> \"d\""), .text("两\n行\r回车\t制表"), .number(3)],
            [.text("字面 _x0041_ 不是转义"), .text("控制\u{1}字符"), .number(2.5)],
            [.empty, .text(" 前后空格 "), .number(-0.125)],
        ]
        let bytes = try XLSXWriter.write([XLSXSheet(name: "题库", rows: rows), XLSXSheet(name: "说明", text: [["第二页"]], headerRowCount: 0)])
        var workbook = try XLSXWorkbook(bytes: bytes)
        #expect(workbook.sheetNames == ["题库", "说明"])
        #expect(Self.cells(try workbook.table()) == [
            ["编号", "题干", "数"],
            ["A&B <c> \"d\"", "两\n行\r回车\t制表", "3"],
            ["字面 _x0041_ 不是转义", "控制\u{1}字符", "2.5"],
            ["", " 前后空格 ", "-0.125"],
        ])
        #expect(Self.cells(try workbook.table(sheet: "说明")) == [["第二页"]])
    }

    @Test("the writer is byte-reproducible, dates every entry 1980-01-01 and freezes a bold header")
    func reproducible() throws {
        let sheet = XLSXSheet(name: "题库", text: [["编号", "题干"], ["XF-0001", "中华人民共和国的一切权力属于人民。"]])
        let first = try XLSXWriter.write([sheet]), second = try XLSXWriter.write([sheet])
        #expect(first == second)
        let archive = try Archive(data: Data(first), accessMode: .read)
        let entries = Array(archive)
        #expect(entries.map(\.path) == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                        "xl/styles.xml", "xl/worksheets/sheet1.xml"])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for entry in entries {
            let date = try #require(entry.fileAttributes[.modificationDate] as? Date)
            #expect(calendar.component(.year, from: date) == 1980, "\(entry.path)")
        }
        var data = Data()
        _ = try archive.extract(archive["xl/worksheets/sheet1.xml"]!) { data.append($0) }
        let xml = String(decoding: data, as: UTF8.self)
        #expect(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(xml.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"))
        // 编号: 4 columns wide + 2; the stem: 34 + 2.
        #expect(xml.contains("<cols><col min=\"1\" max=\"1\" width=\"9\" customWidth=\"1\"/><col min=\"2\" max=\"2\" width=\"36\" customWidth=\"1\"/></cols>"))
    }

    @Test("sheet names follow Excel's rules and stay distinct")
    func sheetNames() {
        #expect(XLSXWriter.uniqueNames(["a/b", "题库", "题库", "", String(repeating: "长", count: 40)])
                == ["a_b", "题库", "题库 (2)", "Sheet4", String(repeating: "长", count: 31)])
    }

    @Test("cell references", arguments: [("A1", 1, 1), ("Z9", 26, 9), ("AA10", 27, 10), ("AB12", 28, 12), ("XFD1048576", 16384, 1048576), ("$C$3", 3, 3)])
    func references(_ reference: String, _ column: Int, _ row: Int) {
        let parsed = SpreadsheetML.cellReference(reference)
        #expect(parsed?.column == column && parsed?.row == row)
        #expect(SpreadsheetML.columnName(column) == reference.filter { $0.isLetter })
    }

    @Test("not references")
    func notReferences() {
        for text in ["", "12", "A1B", "ABCD1", "A-1", "甲1"] { #expect(SpreadsheetML.cellReference(text) == nil, "\(text)") }
    }
}

/// Counts elements, for tests of the XML reader itself.
private final class CountingHandler: XMLEventHandler {
    var starts = 0
    func start(_ name: Substring, attributes: [String: String]) { starts += 1 }
    func end(_ name: Substring) {}
    func text(_ text: String) {}
}

@Suite("XML parts")
struct XMLEventsTests {
    @Test("documents cut short, with mismatched tags, two roots or none are refused")
    func refused() {
        for xml in ["<a><b>", "<a><b></a>", "<a></b>", "<a/><b/>", "", "x<a/>", "<a>&undefined;</a>"] {
            #expect(throws: TabularError.self, "\(xml)") { try XMLEvents.parse(Array(xml.utf8), part: "p.xml", into: CountingHandler()) }
        }
    }

    @Test("a part larger than libxml2's 10 MB look-up limit, all on one line (as Excel writes sharedStrings.xml), is read")
    func largePart() throws {
        let item = "<si><t>中华人民共和国的一切权力属于人民。</t></si>"
        let count = (11 << 20) / item.utf8.count
        let xml = "<sst xmlns=\"\(HandmadeXLSX.main)\">" + String(repeating: item, count: count) + "</sst>"
        let handler = CountingHandler()
        try XMLEvents.parse(Array(xml.utf8), part: "xl/sharedStrings.xml", into: handler)
        #expect(handler.starts == 1 + 2 * count)
    }

    @Test("a well-formed part is read to its end")
    func accepted() throws {
        let handler = CountingHandler()
        try XMLEvents.parse(Array("<?xml version=\"1.0\"?>\n<a><b x=\"1\"/><c>t</c></a>".utf8), part: "p.xml", into: handler)
        #expect(handler.starts == 3)
    }
}
