import Foundation
import ZIPFoundation

/// Writes a zip package (an .xlsx workbook, a QTI content package) from its parts, reproducibly: parts in the order
/// given, every entry dated 1980-01-01 00:00, deflate at a fixed level, no creation dates or user names anywhere.
enum ZipWriter {
    static func archive(_ parts: [(path: String, data: Data)]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: timestamp,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return [UInt8](data)
    }

    /// The timestamp of every entry (1980-01-01 00:00, the earliest a zip can hold), so that output never depends on
    /// the clock.
    static let timestamp = Date(timeIntervalSince1970: 315_532_800)
}
