import Foundation

/// A scratch directory holding the given files, removed when the body returns or throws.
/// Names may contain `/` to put files in subdirectories.
func withTemporaryDirectory<T>(
    files: [String: String] = [:],
    bytes: [String: [UInt8]] = [:],
    _ body: (URL) async throws -> T
) async throws -> T {
    let manager = FileManager.default
    let directory = manager.temporaryDirectory.appendingPathComponent("kaofa-cli-tests-\(UUID().uuidString)")
    try manager.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? manager.removeItem(at: directory) }
    let all = files.mapValues { Data($0.utf8) }.merging(bytes.mapValues { Data($0) }) { _, new in new }
    for (name, data) in all {
        let url = directory.appendingPathComponent(name)
        try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
    return try await body(directory)
}

extension URL {
    /// The file's contents as UTF-8 text.
    func text() throws -> String { String(decoding: try Data(contentsOf: self), as: UTF8.self) }

    func exists() -> Bool { FileManager.default.fileExists(atPath: path) }
}

enum Repository {
    /// The repository root: the nearest directory above this source file holding `Package.swift`.
    static func root(from file: String = #filePath) throws -> URL {
        var url = URL(fileURLWithPath: file).deletingLastPathComponent()
        while url.path != "/" {
            if url.appendingPathComponent("Package.swift").exists() { return url }
            url = url.deletingLastPathComponent()
        }
        throw RepositoryError.noPackageManifest(file)
    }

    enum RepositoryError: Error { case noPackageManifest(String) }
}

enum Fixtures {
    /// A file from `Tests/KaofaCLITests/Fixtures` (copied into the test bundle's resources).
    static func url(_ name: String) throws -> URL {
        guard let directory = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw FixtureError.missing("Fixtures")
        }
        let url = directory.appendingPathComponent(name)
        guard url.exists() else { throw FixtureError.missing(name) }
        return url
    }

    static func text(_ name: String) throws -> String { try url(name).text() }

    enum FixtureError: Error { case missing(String) }
}
