import KaofaCore

/// The fingerprint of a paper as issued: SHA-256 of its compact `kaofa.paper/1` JSON, a line feed, and its
/// compact `kaofa.key/1` JSON. The registry keeps it, and `kaofa reproduce` compares a regenerated paper with it:
/// equal digests mean the same questions, order, options, answers and text, byte for byte.
public enum PaperDigest {
    public static func of(_ paper: Paper, catalog: LawCatalog) -> String {
        var writer = JSONWriter(pretty: false, capacity: 64 << 10)
        PaperJSON.write(paper, catalog: catalog, into: &writer)
        let paperLine = writer.bytes
        writer.reset()
        KeyJSON.write(paper, catalog: catalog, into: &writer)
        return of(paperLine: paperLine, keyLine: writer.bytes)
    }

    /// The digest from the compact documents (as `--format jsonl` writes them).
    public static func of(paperLine: [UInt8], keyLine: [UInt8]) -> String {
        var digest = ContentDigest()
        digest.update(paperLine)
        digest.update([0x0A])
        digest.update(keyLine)
        return digest.labelled()
    }
}
