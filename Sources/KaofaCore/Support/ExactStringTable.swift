/// A lookup table keyed by the exact UTF-8 bytes of a string.
///
/// Swift's `String` hashing and `==` follow Unicode canonical equivalence, which for Chinese text means
/// normalising to NFC on every lookup — the largest cost of resolving 100,000 questions' attributes. Names in
/// banks are compared byte for byte instead (callers fall back to a normalising lookup when this one misses).
struct ExactStringTable<Value: Sendable>: Sendable {
    private var slots: [(key: [UInt8], value: Value)?]
    private let mask: Int

    init(_ entries: [(String, Value)]) {
        var size = 16
        while size < entries.count * 4 { size <<= 1 }
        slots = Array(repeating: nil, count: size)
        mask = size - 1
        for (key, value) in entries where self[key] == nil {
            let bytes = Array(key.utf8)
            var i = Self.hash(bytes) & mask
            while slots[i] != nil { i = (i + 1) & mask }
            slots[i] = (bytes, value)
        }
    }

    subscript(key: String) -> Value? {
        var key = key
        return key.withUTF8 { bytes -> Value? in
            var i = Self.hash(bytes) & mask
            while let slot = slots[i] {
                if slot.key.count == bytes.count && slot.key.elementsEqual(bytes) { return slot.value }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// FNV-1a of the bytes.
    private static func hash<C: Collection>(_ bytes: C) -> Int where C.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
