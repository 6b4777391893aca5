import Crypto

/// SHA-256 for the libraries above the core (paper fingerprints, token comparison), so that swift-crypto is imported
/// by KaofaCore alone.
public struct ContentDigest {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// The 32 bytes of the digest.
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }

    /// `sha256:` and the digest in lower-case hexadecimal.
    public func labelled() -> String { "sha256:" + Hex.string(hasher.finalize()) }

    /// The digest of `bytes`.
    public static func of(_ bytes: [UInt8]) -> [UInt8] {
        var digest = ContentDigest()
        digest.update(bytes)
        return digest.finalize()
    }
}
