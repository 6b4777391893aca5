import Foundation
import Testing
@testable import KaofaInterchange

@Suite("CSV reading and writing")
struct CSVTests {
    static func cells(_ table: Table) -> [[String]] { table.rows.map(\.cells) }

    @Test("RFC 4180: quoted commas, doubled quotes, line breaks in quotes; rows know their number and line")
    func quoting() throws {
        let text = "编号,题干,答案\r\n1,\"甲，乙,丙\",A\r\n2,\"他说\"\"对\"\"\",B\r\n3,\"第一行\r\n第二行\n第三行\",C\r\n4,末行,D"
        let document = try CSVReader.read(Array(text.utf8))
        #expect(document.encoding == .utf8)
        #expect(Self.cells(document.table) == [
            ["编号", "题干", "答案"], ["1", "甲，乙,丙", "A"], ["2", "他说\"对\"", "B"], ["3", "第一行\n第二行\n第三行", "C"], ["4", "末行", "D"],
        ])
        #expect(document.table.rows.map(\.number) == [1, 2, 3, 4, 5])
        // Row 5 starts on line 7: row 4's cell spans lines 4–6.
        #expect(document.table.rows.map(\.line) == [1, 2, 3, 4, 7])
    }

    @Test("line endings LF, CRLF and CR; a final line break adds no row; blank lines are blank rows", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ ending: String) throws {
        let text = ["a,b", "", "c,\"\"", "d"].joined(separator: ending) + ending
        let table = try CSVReader.read(Array(text.utf8)).table
        #expect(Self.cells(table) == [["a", "b"], [""], ["c", ""], ["d"]])
        #expect(table.rows[1].isBlank && !table.rows[2].isBlank)
        #expect(table.rows.map(\.line) == [1, 2, 3, 4])
    }

    @Test("a UTF-8 byte-order mark is removed; empty input is an empty table")
    func byteOrderMark() throws {
        let document = try CSVReader.read([0xEF, 0xBB, 0xBF] + Array("题型,题干\n单选题,x".utf8))
        #expect(Self.cells(document.table) == [["题型", "题干"], ["单选题", "x"]])
        #expect(try CSVReader.read([]).table.rows.isEmpty)
        #expect(try CSVReader.read([0xEF, 0xBB, 0xBF]).table.rows.isEmpty)
    }

    @Test("GB18030 (GBK) bytes are detected and decoded, including four-byte sequences")
    func gb18030() throws {
        // 编号,题干 / 中文,€ in GBK (two-byte) and U+0080 as the four-byte 81 30 81 30.
        let bytes: [UInt8] = [0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0xCC, 0xE2, 0xB8, 0xC9, 0x0D, 0x0A,
                              0xD6, 0xD0, 0xCE, 0xC4, 0x2C, 0x81, 0x30, 0x81, 0x30]
        let document = try CSVReader.read(bytes)
        #expect(document.encoding == .gb18030)
        #expect(Self.cells(document.table) == [["编号", "题干"], ["中文", "\u{80}"]])
    }

    @Test("text that is neither UTF-8 nor GB18030 is refused at the line where it fails")
    func undecodable() {
        let bytes = Array("a,b\nc,d\n".utf8) + [0xFF, 0xFF, 0x0A]
        #expect(throws: TabularError.undecodableText(line: 3)) { try CSVReader.read(bytes) }
        #expect(TabularError.undecodableText(line: 3).description == "文件在第 3 行处既不是 UTF-8 也不是 GB18030（GBK）编码的文字")
    }

    @Test("an unterminated quote is reported at the line where the quoted field opened")
    func unterminatedQuote() {
        let text = "a,b\n1,\"ok\"\n2,\"never closed\n3,x\n"
        #expect(throws: TabularError.unterminatedQuote(line: 3)) { try CSVReader.read(Array(text.utf8)) }
    }

    @Test("lenient like spreadsheets: a quote inside an unquoted field is a character; text after a closing quote joins")
    func lenient() throws {
        let table = try CSVReader.read(Array("5\"寸,\"ab\"c,d\n".utf8)).table
        #expect(Self.cells(table) == [["5\"寸", "abc", "d"]])
    }

    @Test("UTF-16 with a byte-order mark and tabs (Excel's “Unicode 文本”)")
    func utf16Tabs() throws {
        let text = "题型\t题干\n单选题\t甲,乙\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian)!)
        let document = try CSVReader.read(bytes)
        #expect(document.encoding == .utf16LittleEndian && document.delimiter == "\t")
        #expect(Self.cells(document.table) == [["题型", "题干"], ["单选题", "甲,乙"]])
    }

    @Test("the writer quotes only what needs it, ends records with CRLF and starts with a BOM")
    func writerBytes() {
        let bytes = CSVWriter.write([["编号", "题干"], ["1", "甲,乙"], ["2", "说\"对\""], ["3", "两\n行"], ["4", " 空格"]])
        let expected = "\u{FEFF}编号,题干\r\n1,\"甲,乙\"\r\n2,\"说\"\"对\"\"\"\r\n3,\"两\n行\"\r\n4,\" 空格\"\r\n"
        #expect(bytes == Array(expected.utf8))
        #expect(CSVWriter.write([["a"]], byteOrderMark: false) == Array("a\r\n".utf8))
    }

    @Test("writing then reading gives the same cells")
    func roundTrip() throws {
        let rows = [["编号", "题干", "选项A"], ["", "引号\"与,逗号", "多\n行\r\n文字"], ["x", "", " 前后空格 "], ["、；：", "\t", "="]]
        let read = try CSVReader.read(CSVWriter.write(rows)).table
        // A CR LF inside a cell reads back as LF.
        var expected = rows
        expected[1][2] = "多\n行\n文字"
        #expect(Self.cells(read) == expected)
    }
}
