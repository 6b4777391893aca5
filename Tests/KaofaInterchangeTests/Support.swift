import Foundation
import KaofaCore
@testable import KaofaInterchange

/// Shared helpers for the interchange tests.
enum Support {
    static let catalog: LawCatalog = {
        switch LawCatalog.shipped {
        case let .success(catalog): return catalog
        case let .failure(error): fatalError("law catalog: \(error)")
        }
    }()

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ name: String) throws -> URL {
        guard let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else { throw CocoaError(.fileNoSuchFile) }
        return directory.appendingPathComponent(name)
    }

    /// Imports `cells` (the first row is the header) as CSV-read text into `Banks/导入.md`.
    static func importCells(_ cells: [[String]], options: ImportOptions = ImportOptions(),
                            existing: [(path: String, bytes: [UInt8])] = []) -> ImportReport {
        let loaded = LoadedTable(table: Table(cells: cells), format: .csv, sheet: nil, sheets: [], encoding: .utf8)
        return TableImporter.run(loaded, sourcePath: "题库.csv", outputPath: "Banks/导入.md", options: options,
                                 existingBanks: existing, catalog: catalog)
    }

    /// The sample bank file `Banks/<name>`, as the importer's neighbour.
    static func sampleBank(_ name: String) throws -> (path: String, bytes: [UInt8]) {
        let url = repositoryRoot.appendingPathComponent("Banks").appendingPathComponent(name)
        return ("Banks/\(name)", [UInt8](try Data(contentsOf: url)))
    }

    /// Every diagnostic as `code row:column message`, for exact comparison.
    static func lines(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.code.rawValue) \($0.range.start.line):\($0.range.start.column) \($0.message)" }
    }
}
