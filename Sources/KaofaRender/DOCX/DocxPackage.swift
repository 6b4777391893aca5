import Foundation
import KaofaCore
import ZIPFoundation

/// A .docx file: the document body plus the parts every one shares (styles, numbering, settings, the page footer),
/// zipped with ZIPFoundation. The same document always gives the same bytes: entries in a fixed order, a fixed
/// timestamp, deflate at a fixed level.
enum DocxPackage {
    /// The timestamp of every entry (1980-01-01 00:00 UTC, the first the ZIP format can hold).
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)

    /// Namespaces declared on the root of the document, header and footer parts.
    static let namespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" \
        xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" \
        xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"
        """

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// The whole file for a document of `body` (paragraphs and tables) titled `title`; `header` is the XML of a
    /// page header shown on every page (the 密封线), `images` the pictures the body refers to.
    static func make(title: String, body: String, header: String? = nil, images: DocxImages? = nil) throws -> [UInt8] {
        var parts: [(String, String)] = []
        let media = images?.media ?? []
        var types = declaration + """
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>
            """
        for format in Set(media.map(\.image.format)).sorted(by: { $0.rawValue < $1.rawValue }) {
            types += "<Default Extension=\"\(format.rawValue)\" ContentType=\"\(format.mediaType)\"/>"
        }
        let wordTypes = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        var overrides = [("/word/document.xml", "\(wordTypes).document.main+xml"),
                         ("/word/styles.xml", "\(wordTypes).styles+xml"),
                         ("/word/settings.xml", "\(wordTypes).settings+xml"),
                         ("/word/numbering.xml", "\(wordTypes).numbering+xml"),
                         ("/word/footer1.xml", "\(wordTypes).footer+xml"),
                         ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                         ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
        if header != nil { overrides.append(("/word/header1.xml", "\(wordTypes).header+xml")) }
        for (name, type) in overrides { types += "<Override PartName=\"\(name)\" ContentType=\"\(type)\"/>" }
        parts.append(("[Content_Types].xml", types + "</Types>"))

        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        parts.append(("_rels/.rels", declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="\(relationships)/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """))
        parts.append(("docProps/core.xml", declaration + """
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(WordML.escape(title))</dc:title>\
            <dc:creator>kaofa</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>
            """))
        parts.append(("docProps/app.xml", declaration + """
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
            <Application>kaofa \(KaofaVersion.current)</Application></Properties>
            """))

        var documentRelationships = declaration + """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rIdStyles" Type="\(relationships)/styles" Target="styles.xml"/>\
            <Relationship Id="rIdSettings" Type="\(relationships)/settings" Target="settings.xml"/>\
            <Relationship Id="rIdNumbering" Type="\(relationships)/numbering" Target="numbering.xml"/>\
            <Relationship Id="rIdFooter" Type="\(relationships)/footer" Target="footer1.xml"/>
            """
        if header != nil {
            documentRelationships += "<Relationship Id=\"rIdHeader\" Type=\"\(relationships)/header\" Target=\"header1.xml\"/>"
        }
        for item in media {
            documentRelationships += "<Relationship Id=\"\(item.relationship)\" Type=\"\(relationships)/image\" Target=\"media/\(item.name)\"/>"
        }
        documentRelationships += "</Relationships>"

        var sectionProperties = "<w:sectPr>"
        if header != nil { sectionProperties += "<w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>" }
        sectionProperties += "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"
        sectionProperties += DocxStyles.page(sealLine: header != nil) + "</w:sectPr>"
        parts.append(("word/document.xml", declaration + "<w:document \(namespaces)><w:body>\(body)\(sectionProperties)</w:body></w:document>"))
        parts.append(("word/_rels/document.xml.rels", documentRelationships))
        parts.append(("word/styles.xml", DocxStyles.styles(textWidth: header != nil ? DocxStyles.sealTextWidth : DocxStyles.textWidth)))
        parts.append(("word/settings.xml", DocxStyles.settings))
        parts.append(("word/numbering.xml", DocxStyles.numbering))
        parts.append(("word/footer1.xml", declaration + "<w:ftr \(namespaces)>\(DocxStyles.footer)</w:ftr>"))
        if let header { parts.append(("word/header1.xml", declaration + "<w:hdr \(namespaces)>\(header)</w:hdr>")) }

        let archive = try Archive(accessMode: .create)
        for (path, text) in parts { try add(Data(text.utf8), at: path, to: archive) }
        for item in media { try add(Data(item.image.bytes), at: "word/media/\(item.name)", to: archive, compress: false) }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return [UInt8](data)
    }

    private static func add(_ data: Data, at path: String, to archive: Archive, compress: Bool = true) throws {
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: timestamp,
                             compressionMethod: compress ? .deflate : .none) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

/// The pictures of one document: each distinct image file becomes one part under `word/media` with a
/// relationship from the document, and every use of it an inline drawing.
final class DocxImages {
    let images: PaperImages
    /// The bank file of the question being written, which relative image paths start from.
    var bankFile = ""
    private(set) var media: [(name: String, relationship: String, image: PaperImages.Image)] = []
    private var drawings = 0

    /// The widest a picture prints: the text column less a question's indent, in EMU (635 per twip).
    let maxWidth: Int

    init(_ images: PaperImages, textWidth: Int = DocxStyles.textWidth) {
        self.images = images
        maxWidth = (textWidth - DocxStyles.questionIndent) * 635
    }

    /// An inline drawing of the image at `path`, or nil when it was not loaded.
    func drawing(path: String, alt: String) -> String? {
        guard let image = images.image(path, from: bankFile) else { return nil }
        let relationship: String
        if let existing = media.first(where: { $0.image == image }) {
            relationship = existing.relationship
        } else {
            relationship = "rIdImage\(media.count + 1)"
            media.append(("image\(media.count + 1).\(image.format.rawValue)", relationship, image))
        }
        drawings += 1
        // 96 pixels to the inch (9,525 EMU a pixel), scaled down to the column.
        var width = image.pixelWidth * 9525, height = image.pixelHeight * 9525
        if width > maxWidth {
            height = height * maxWidth / width
            width = maxWidth
        }
        let name = "图\(drawings)", description = WordML.escape(alt)
        return """
            <w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="\(width)" cy="\(height)"/>\
            <wp:docPr id="\(drawings)" name="\(name)" descr="\(description)"/><wp:cNvGraphicFramePr>\
            <a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>\
            <a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>\
            <pic:nvPicPr><pic:cNvPr id="\(drawings)" name="\(name)" descr="\(description)"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip r:embed="\(relationship)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(width)" cy="\(height)"/></a:xfrm>\
            <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
            </wp:inline></w:drawing></w:r>
            """
    }
}
