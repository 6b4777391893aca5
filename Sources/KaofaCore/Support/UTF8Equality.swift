#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// True when both strings have the same UTF-8 bytes. Stricter than `==`, which treats canonically equivalent
    /// strings as equal, and much faster on Chinese text: `==` normalises strings that are not known to be NFC, and
    /// `utf8.elementsEqual` walks them a byte at a time through the generic iterator.
    @inlinable
    public func hasSameUTF8(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        let compared = utf8.withContiguousStorageIfAvailable { mine in
            other.utf8.withContiguousStorageIfAvailable { theirs in
                mine.isEmpty || memcmp(mine.baseAddress!, theirs.baseAddress!, mine.count) == 0
            }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
