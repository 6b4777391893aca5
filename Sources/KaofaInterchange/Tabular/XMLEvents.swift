import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a streaming reader of one XML part does with its events. Element names arrive without their namespace
/// prefix (`x:row` is `row`), since spreadsheet writers differ in the prefixes they use.
protocol XMLEventHandler: AnyObject {
    func start(_ name: Substring, attributes: [String: String])
    /// The start of an element with the line its start tag is on; by default, `start(_:attributes:)`.
    func start(_ name: Substring, attributes: [String: String], line: Int)
    func end(_ name: Substring)
    func text(_ text: String)
}

extension XMLEventHandler {
    func start(_ name: Substring, attributes: [String: String], line: Int) { start(name, attributes: attributes) }
    /// Handlers that need the line implement the three-argument form only.
    func start(_ name: Substring, attributes: [String: String]) {}
}

/// Runs an `XMLEventHandler` over a part with Foundation's streaming parser (libxml2 underneath).
///
/// Parts that declare a document type are refused before parsing: spreadsheets never need one, and a DTD is how
/// entity-expansion bombs and external entities get in. External entities are never resolved in any case.
enum XMLEvents {
    static func parse(_ bytes: [UInt8], part: String, into handler: some XMLEventHandler) throws(TabularError) {
        if contains(bytes, "<!DOCTYPE") || contains(bytes, "<!ENTITY") {
            throw .malformedXML(part: part, line: 1, reason: "含有 DOCTYPE 或实体声明，这类文件中不会有")
        }
        let bytes = try utf8Document(bytes, part: part)
        // Fed as a stream: given all of a large part at once (a 70 MB sharedStrings.xml on one line), libxml2 stops at
        // its 10 MB look-up limit with an internal error; from a stream it reads chunk by chunk.
        let parser = XMLParser(stream: InputStream(data: Data(bytes)))
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate(handler)
        parser.delegate = delegate
        let finished = parser.parse()
        // Foundation on Linux can report success after an error, and accepts a document cut off inside an element:
        // the delegate's own account (an error seen, elements still open, no root) decides.
        if let line = delegate.errorLine {
            throw .malformedXML(part: part, line: max(1, line), reason: "XML 格式不正确")
        }
        if !finished || parser.parserError != nil || !delegate.open.isEmpty || !delegate.sawRoot {
            throw .malformedXML(part: part, line: max(1, parser.lineNumber), reason: delegate.open.isEmpty ? "XML 格式不正确" : "内容不完整，元素没有结束")
        }
    }

    /// The document as UTF-8, its declaration saying so. libxml2 converts other encodings itself, but through
    /// Foundation on Linux a document declared as GB18030 (or another encoding it converts with iconv) that holds bytes
    /// invalid in that encoding crashes the process; so kaofa decodes the encodings a teacher's file may declare
    /// (GB18030 and its subsets, UTF-16 with a byte-order mark, Latin-1, Windows-1252, ASCII) and refuses others.
    static func utf8Document(_ bytes: [UInt8], part: String) throws(TabularError) -> [UInt8] {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let text = String(data: Data(bytes), encoding: .utf16) else {
                throw .malformedXML(part: part, line: 1, reason: "文件以 UTF-16 的标记开始，内容却不是有效的 UTF-16 文本")
            }
            return declaringUTF8(Array(text.utf8))
        }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let prefix = Array("<?xml".utf8)
        guard bytes.count >= start + prefix.count, Array(bytes[start..<(start + prefix.count)]) == prefix,
              let close = bytes[start...].prefix(300).firstIndex(of: UInt8(ascii: ">")) else { return bytes }
        let declaration = String(decoding: bytes[start...close], as: UTF8.self)
        guard let name = encodingName(in: declaration) else { return bytes }
        let encodings: [String: String.Encoding] = [
            "utf-8": .utf8, "utf8": .utf8, "gb18030": CSVReader.gb18030, "gbk": CSVReader.gb18030, "gb2312": CSVReader.gb18030,
            "cp936": CSVReader.gb18030, "x-gbk": CSVReader.gb18030, "iso-8859-1": .isoLatin1, "latin1": .isoLatin1,
            "windows-1252": .windowsCP1252, "cp1252": .windowsCP1252, "us-ascii": .ascii, "ascii": .ascii,
        ]
        guard let encoding = encodings[name.lowercased()] else {
            throw .malformedXML(part: part, line: 1, reason: "文件声明的编码“\(name)”kaofa 不能读取，请另存为 UTF-8")
        }
        if encoding == .utf8 { return bytes }
        guard let text = String(data: Data(bytes[start...]), encoding: encoding) else {
            throw .malformedXML(part: part, line: 1, reason: "文件声明为 \(name) 编码，内容却不是有效的 \(name) 文本")
        }
        return declaringUTF8(Array(text.utf8))
    }

    /// The value of `encoding="…"` in an XML declaration.
    private static func encodingName(in declaration: String) -> String? {
        guard let key = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[key.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    /// A UTF-8 document whose declaration names another encoding, with the declaration's encoding set to UTF-8.
    private static func declaringUTF8(_ bytes: [UInt8]) -> [UInt8] {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        guard let close = bytes[start...].prefix(300).firstIndex(of: UInt8(ascii: ">")) else { return bytes }
        let declaration = String(decoding: bytes[start...close], as: UTF8.self)
        guard let name = encodingName(in: declaration), declaration.hasPrefix("<?xml") else { return bytes }
        let rewritten = declaration.replacingOccurrences(of: name, with: "UTF-8")
        return Array(rewritten.utf8) + bytes[(close + 1)...]
    }

    /// Whether `needle` occurs in `bytes`: `memchr` finds each candidate first byte, then the rest is compared.
    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count >= pattern.count else { return false }
            var i = 0
            let last = buffer.count - pattern.count
            while i <= last, let hit = memchr(base + i, Int32(pattern[0]), last - i + 1) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, pattern, pattern.count) == 0 { return true }
                i = at + 1
            }
            return false
        }
    }

    private final class Delegate<Handler: XMLEventHandler>: NSObject, XMLParserDelegate {
        let handler: Handler
        /// Elements started and not yet ended.
        var open: [String] = []
        var sawRoot = false
        /// The line of the first error.
        var errorLine: Int?

        init(_ handler: Handler) { self.handler = handler }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            guard errorLine == nil else { return }
            if open.isEmpty && sawRoot { return fail(parser) }
            sawRoot = true
            open.append(elementName)
            handler.start(localName(elementName), attributes: attributeDict, line: parser.lineNumber)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard errorLine == nil else { return }
            guard open.last == elementName else { return fail(parser) }
            open.removeLast()
            handler.end(localName(elementName))
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
            fail(parser)
        }

        func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {
            fail(parser)
        }

        private func fail(_ parser: XMLParser) {
            if errorLine == nil { errorLine = parser.lineNumber }
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if errorLine == nil { handler.text(string) }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if errorLine == nil { handler.text(String(decoding: CDATABlock, as: UTF8.self)) }
        }

        private func localName(_ name: String) -> Substring {
            // Scanned as UTF-8 (comparing `Character`s costs more than the rest of the event).
            guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return Substring(name) }
            return name[name.utf8.index(after: colon)...]
        }
    }
}

extension Dictionary where Key == String, Value == String {
    /// The value of the attribute whose local name is `name`, with or without a namespace prefix (`r:id` for `id`).
    /// A prefixed attribute is preferred when `prefixed`.
    func attribute(_ name: String, prefixed: Bool = false) -> String? {
        if !prefixed, let value = self[name] { return value }
        let suffix = ":" + name
        return keys.filter { $0.hasSuffix(suffix) }.min().flatMap { self[$0] } ?? (prefixed ? nil : self[name])
    }
}
