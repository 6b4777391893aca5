import Crypto

/// The randomness contract of paper assembly (`docs/randomness.md`). Everything random in a paper comes from
/// here, and everything here is a pure function of its inputs: no system generator, no `Hasher`, no clock.
///
/// - A seed string becomes `seedKey = SHA-256("kaofa.seed/1" ‖ 0x00 ‖ UTF-8(seed))`.
/// - A paper's key is `SHA-256(seedKey ‖ "variant" ‖ 0x00 ‖ UTF-8(label))` for a variant (A, B, …), or
///   `SHA-256(seedKey ‖ "examinee" ‖ 0x00 ‖ UTF-8(examinee id))` for a per-examinee paper; so one examinee's paper
///   depends on nothing but the seed and the id, and can be regenerated alone.
/// - The paper key's 32 bytes are four little-endian 64-bit stream keys: priorities, strata, order, options.
/// - Each stream is a ``SplitMix64`` seeded with its key (option shuffles: with `mix(optionsKey ^ idHash)`).
public enum Randomness {
    /// Bump when any algorithm below, the stratum sampler or the selection changes: papers record it, so that an
    /// algorithm change is visible and deliberate.
    public static let generator = "kaofa-assembler/1"

    public static func seedKey(_ seed: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array("kaofa.seed/1".utf8) + [0] + Array(seed.utf8))
        return Array(hasher.finalize())
    }

    /// Who a paper is for: a lettered variant or one examinee.
    public enum Subject: Sendable, Hashable {
        case variant(String)
        case examinee(String)
    }

    public static func paperKey(seedKey: [UInt8], subject: Subject) -> PaperKey {
        var hasher = SHA256()
        hasher.update(data: seedKey)
        switch subject {
        case let .variant(label): hasher.update(data: Array("variant".utf8) + [0] + Array(label.utf8))
        case let .examinee(id): hasher.update(data: Array("examinee".utf8) + [0] + Array(id.utf8))
        }
        return PaperKey(bytes: Array(hasher.finalize()))
    }

    /// The 64-bit hash of a question id that priorities mix with: the first 8 bytes of SHA-256(id), little-endian.
    public static func idHash(_ id: String) -> UInt64 {
        littleEndianWord(Array(SHA256.hash(data: Array(id.utf8))), at: 0)
    }

    /// The SplitMix64 output function: a bijective 64-bit mixer.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func littleEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var word: UInt64 = 0
        for index in (0..<8).reversed() { word = word << 8 | UInt64(bytes[offset + index]) }
        return word
    }
}

/// The per-paper keys derived from the seed and the paper's subject.
public struct PaperKey: Sendable, Hashable {
    public let bytes: [UInt8]

    public var priorityKey: UInt64 { Randomness.littleEndianWord(bytes, at: 0) }
    public var strataKey: UInt64 { Randomness.littleEndianWord(bytes, at: 8) }
    public var orderKey: UInt64 { Randomness.littleEndianWord(bytes, at: 16) }
    public var optionsKey: UInt64 { Randomness.littleEndianWord(bytes, at: 24) }

    /// A question's priority in this paper: lower wins a place in its stratum. It depends only on the paper and
    /// the question's own id, so adding a question to the bank changes a paper only where that question wins.
    @inline(__always)
    public func priority(idHash: UInt64) -> UInt64 { Randomness.mix(priorityKey ^ idHash) }
}

extension RandomNumberGenerator {
    /// An unbiased integer in `0..<bound` (Lemire 2019: multiply, and reject the few low products that would bias).
    @inline(__always)
    public mutating func bounded(_ bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A double in `[0, 1)` with 53 random bits.
    @inline(__always)
    public mutating func unitInterval() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Fisher–Yates, from the last position down, with ``bounded(_:)``. Our own algorithm, so that the order is part
    /// of the contract (the standard library's `shuffle` may change between releases).
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) where C.Index == Int {
        var index = elements.endIndex - 1
        while index > elements.startIndex {
            let other = elements.startIndex + bounded(index - elements.startIndex + 1)
            elements.swapAt(index, other)
            index -= 1
        }
    }
}
