import Foundation
import KaofaCore

/// Shared helpers for the core tests.
enum TestSupport {
    static let catalog: LawCatalog = {
        switch LawCatalog.shipped {
        case let .success(catalog): return catalog
        case let .failure(error): fatalError("law catalog: \(error)")
        }
    }()

    /// The repository root, found from this file's path.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func fixtureURL(_ name: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
    }

    /// Compiles bank text as one file named `path`.
    static func compile(_ text: String, path: String = "题库.md") -> CompiledBank {
        BankCompiler.compile([SourceFile(path: path, text: text)], catalog: catalog)
    }

    static func compile(files: [(String, String)]) -> CompiledBank {
        BankCompiler.compile(files.map { SourceFile(path: $0.0, text: $0.1) }, catalog: catalog)
    }

    /// The sample banks of the repository.
    static func sampleBankFiles() -> [(path: String, bytes: [UInt8])] {
        let directory = repositoryRoot.appendingPathComponent("Banks").path
        return BankInput.collect([directory]).files
    }

    static func codes(_ bank: CompiledBank) -> [String] { bank.diagnostics.map(\.code.rawValue) }

    /// A small valid bank with one question of the given section, for tests that vary one thing.
    static func bank(section: String = "单项选择题", question: String) -> String {
        """
        ---
        law: 宪法
        audience: 全部
        difficulty: 中
        ---

        ## \(section)

        \(question)
        """
    }
}
