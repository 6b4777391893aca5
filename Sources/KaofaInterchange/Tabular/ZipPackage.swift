import Foundation
import ZIPFoundation

/// A zip package (.xlsx) opened for reading, with limits against zip bombs: the file, the number of entries and the
/// unpacked size of each part and of all parts together are capped, and a part is unpacked only as far as its cap.
struct ZipPackage {
    /// Caps, far above any question bank (a 100,000-question workbook is about 30 MB unpacked).
    struct Limits: Sendable {
        var fileSize = 256 << 20
        var entryCount = 10_000
        var partSize = 512 << 20
        var totalSize = 1 << 30

        static let standard = Limits()
    }

    private let archive: Archive
    private let limits: Limits
    private var unpacked = 0
    /// Entry paths, for case-insensitive lookup (OPC part names are case-insensitive).
    let paths: [String]

    init(bytes: [UInt8], limits: Limits = .standard) throws(TabularError) {
        guard bytes.count <= limits.fileSize else { throw .tooLarge(limit: "文件不超过 \(limits.fileSize >> 20) MB") }
        // Every zip file starts with a local file header, "PK\u{3}\u{4}" (an empty archive with "PK\u{5}\u{6}").
        guard bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { throw .notZip }
        // Read from a file, not from memory: ZIPFoundation's in-memory archive traps on a damaged directory that points
        // past the end of the data (its reads compute a negative length); its file reads just come up short. The file is
        // unlinked once open.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-\(UUID().uuidString).xlsx")
        do { try Data(bytes).write(to: url) } catch { throw .damagedPart("（无法写入临时文件）") }
        defer { try? FileManager.default.removeItem(at: url) }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch { throw .notZip }
        var paths: [String] = []
        for entry in archive {
            paths.append(entry.path)
            if paths.count > limits.entryCount { throw .tooLarge(limit: "压缩包中不超过 \(limits.entryCount) 个文件") }
        }
        self.archive = archive
        self.limits = limits
        self.paths = paths
    }

    /// True when the package has a part at `path`.
    func contains(_ path: String) -> Bool { entryPath(path) != nil }

    /// The unpacked bytes of the part at `path` (a leading `/` is ignored).
    mutating func part(_ path: String) throws(TabularError) -> [UInt8] {
        guard let name = entryPath(path), let entry = archive[name] else { throw .missingPart(path) }
        if entry.uncompressedSize > UInt64(limits.partSize) {
            throw .tooLarge(limit: "每个部件解压后不超过 \(limits.partSize >> 20) MB")
        }
        var data = Data()
        let partLimit = limits.partSize, totalLeft = limits.totalSize - unpacked
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > partLimit || data.count > totalLeft { throw LimitExceeded() }
            }
        } catch is LimitExceeded {
            throw .tooLarge(limit: "解压后总共不超过 \(limits.totalSize >> 20) MB，每个部件不超过 \(partLimit >> 20) MB")
        } catch {
            throw .damagedPart(name)
        }
        unpacked += data.count
        return [UInt8](data)
    }

    private struct LimitExceeded: Error {}

    private func entryPath(_ path: String) -> String? {
        let wanted = path.hasPrefix("/") ? String(path.dropFirst()) : path
        if paths.contains(wanted) { return wanted }
        let lowered = wanted.lowercased()
        return paths.first { $0.lowercased() == lowered }
    }

    /// Resolves a relationship target against the folder of the part that names it: `worksheets/sheet1.xml` from
    /// `xl/workbook.xml` is `xl/worksheets/sheet1.xml`; `/xl/…` is absolute; `..` goes up.
    static func resolve(_ target: String, from source: String) -> String {
        var components: [Substring] = []
        if !target.hasPrefix("/") {
            components = source.split(separator: "/")
            if !components.isEmpty { components.removeLast() }
        }
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": if !components.isEmpty { components.removeLast() }
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }
}

// MARK: - Package structure (Open Packaging Conventions, shared by .xlsx and .docx)

extension ZipPackage {
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    /// The main part named by the package relationships (`xl/workbook.xml`, `word/document.xml` in every file seen so
    /// far), or `fallback` when the package has no relationships part.
    mutating func officeDocument(fallback: String) throws(TabularError) -> String {
        if contains("_rels/.rels") {
            let relationships = try relationships(part: "_rels/.rels")
            if let document = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                return Self.resolve(document.target, from: "")
            }
        }
        guard contains(fallback) else { throw .missingPart(fallback) }
        return fallback
    }

    /// The relationships of `part` (from `folder/_rels/name.rels`); a missing relationships part is an error.
    mutating func relationships(of part: String) throws(TabularError) -> [Relationship] {
        var folder = part.split(separator: "/").dropLast().joined(separator: "/")
        if !folder.isEmpty { folder += "/" }
        let name = part.split(separator: "/").last.map(String.init) ?? part
        let relationshipsPart = folder + "_rels/" + name + ".rels"
        guard contains(relationshipsPart) else { throw .missingPart(relationshipsPart) }
        return try relationships(part: relationshipsPart)
    }

    private mutating func relationships(part: String) throws(TabularError) -> [Relationship] {
        let handler = RelationshipsHandler()
        try XMLEvents.parse(try self.part(part), part: part, into: handler)
        return handler.relationships
    }
}

private final class RelationshipsHandler: XMLEventHandler {
    var relationships: [ZipPackage.Relationship] = []

    func start(_ name: Substring, attributes: [String: String]) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        // External targets (hyperlinks) are not parts of the package.
        if attributes["TargetMode"] == "External" { return }
        relationships.append(.init(id: id, type: attributes["Type"] ?? "", target: target))
    }

    func end(_ name: Substring) {}
    func text(_ text: String) {}
}
