import Foundation
import KaofaCore
import ZIPFoundation

/// A cell to write: text, a number, or nothing.
public enum XLSXCell: Sendable, Hashable, ExpressibleByStringLiteral {
    case text(String)
    case number(Double)
    case empty

    public init(stringLiteral value: String) { self = .text(value) }
}

/// A worksheet to write.
public struct XLSXSheet: Sendable, Hashable {
    /// The tab's name. Excel's rules are applied on writing: `[]:*?/\` become `_`, at most 31 characters, and a name
    /// already used in the workbook gets ` (2)`, ` (3)` ….
    public var name: String
    public var rows: [[XLSXCell]]
    /// The first rows are a header: bold, and frozen so they stay in view while scrolling (0 for none).
    public var headerRowCount: Int
    /// Column widths in characters (Excel's unit, about one Latin letter; a Chinese character takes two). Nil sizes
    /// each column to its widest cell, between 6 and 60.
    public var columnWidths: [Double]?

    public init(name: String, rows: [[XLSXCell]], headerRowCount: Int = 1, columnWidths: [Double]? = nil) {
        self.name = name
        self.rows = rows
        self.headerRowCount = headerRowCount
        self.columnWidths = columnWidths
    }

    /// A sheet of text cells (empty strings are left empty).
    public init(name: String, text rows: [[String]], headerRowCount: Int = 1, columnWidths: [Double]? = nil) {
        self.init(name: name, rows: rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } },
                  headerRowCount: headerRowCount, columnWidths: columnWidths)
    }
}

/// Writes minimal, valid SpreadsheetML workbooks (.xlsx) that Excel, WPS and LibreOffice open: content types,
/// relationships, the workbook, one part per sheet with inline strings, and a style sheet with a bold header style
/// and a wrapping style for cells with line breaks.
///
/// The output is byte-reproducible: parts in a fixed order, every zip entry dated 1980-01-01 00:00, deflate at a
/// fixed level, no creation dates or user names anywhere.
public enum XLSXWriter {
    public static func write(_ sheets: [XLSXSheet]) throws -> [UInt8] {
        let names = uniqueNames(sheets.map(\.name))
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let types = "application/vnd.openxmlformats-officedocument.spreadsheetml"

        var parts: [(String, String)] = []
        var contentTypes = declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="\(types).sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="\(types).styles+xml"/>
            """
        for index in sheets.indices {
            contentTypes += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"\(types).worksheet+xml\"/>"
        }
        parts.append(("[Content_Types].xml", contentTypes + "</Types>"))
        parts.append(("_rels/.rels", declaration + """
            <Relationships xmlns="\(packageRelationships)">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/>\
            </Relationships>
            """))

        var workbook = declaration + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><bookViews><workbookView/></bookViews><sheets>"
        var workbookRelationships = declaration + "<Relationships xmlns=\"\(packageRelationships)\">"
        for (index, name) in names.enumerated() {
            workbook += "<sheet name=\"\(SpreadsheetML.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
            workbookRelationships += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        workbookRelationships += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>"
        parts.append(("xl/workbook.xml", workbook + "</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", workbookRelationships))
        parts.append(("xl/styles.xml", declaration + styles(main)))
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", declaration + worksheet(sheet, selected: index == 0, namespace: main)))
        }

        return try ZipWriter.archive(parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// Cell formats: 0 plain, 1 bold (header), 2 wrapped and top-aligned (text with line breaks).
    private static func styles(_ namespace: String) -> String {
        """
        <styleSheet xmlns="\(namespace)">\
        <fonts count="2"><font><sz val="11"/><name val="宋体"/><charset val="134"/></font>\
        <font><b/><sz val="11"/><name val="宋体"/><charset val="134"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        </cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
    }

    private static func worksheet(_ sheet: XLSXSheet, selected: Bool, namespace: String) -> String {
        var xml = "<worksheet xmlns=\"\(namespace)\"><sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        let header = min(max(sheet.headerRowCount, 0), sheet.rows.count)
        if header > 0 {
            let topLeft = "A\(header + 1)"
            xml += "<pane ySplit=\"\(header)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            xml += "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let widths = sheet.columnWidths ?? automaticWidths(sheet.rows)
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths.enumerated() {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(number(width))\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let r = rowIndex + 1
            xml += "<row r=\"\(r)\">"
            for (columnIndex, cell) in row.enumerated() {
                let reference = SpreadsheetML.columnName(columnIndex + 1) + String(r)
                let style = rowIndex < header ? " s=\"1\"" : ""
                switch cell {
                case .empty:
                    continue
                case let .number(value) where value.isFinite:
                    xml += "<c r=\"\(reference)\"\(style)><v>\(number(value))</v></c>"
                case let .number(value):
                    xml += "<c r=\"\(reference)\"\(style) t=\"inlineStr\"><is><t>\(value)</t></is></c>"
                case let .text(text):
                    let wrap = rowIndex >= header && text.contains("\n") ? " s=\"2\"" : style
                    xml += "<c r=\"\(reference)\"\(wrap) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(SpreadsheetML.escape(text))</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// Each column as wide as its widest line of text (a Chinese character counts two), between 6 and 60.
    static func automaticWidths(_ rows: [[XLSXCell]]) -> [Double] {
        var widths: [Int] = []
        for row in rows {
            if widths.count < row.count { widths += Array(repeating: 0, count: row.count - widths.count) }
            for (index, cell) in row.enumerated() {
                let width: Int
                switch cell {
                case let .text(text): width = text.split(separator: "\n").map { DisplayWidth.of($0.unicodeScalars) }.max() ?? 0
                case let .number(value): width = number(value).count
                case .empty: width = 0
                }
                widths[index] = max(widths[index], width)
            }
        }
        return widths.map { Double(min(60, max(6, $0 + 2))) }
    }

    /// A number as SpreadsheetML writes it: integers without a decimal point, others in Swift's shortest form.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Sheet names Excel accepts, made distinct.
    static func uniqueNames(_ names: [String]) -> [String] {
        var result: [String] = []
        for (index, name) in names.enumerated() {
            var base = String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            if base.trimmingCharacters(in: .whitespaces).isEmpty { base = "Sheet\(index + 1)" }
            var candidate = base, n = 2
            while result.contains(where: { $0.lowercased() == candidate.lowercased() }) {
                let suffix = " (\(n))"
                candidate = String(base.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            result.append(candidate)
        }
        return result
    }
}
