/// Quickselect: moves the `k` smallest elements to the front, in no particular order. O(n) on average.
enum Selection {
    static func partition(_ values: inout [UInt64], smallest k: Int) {
        guard k > 0, k < values.count else { return }
        var low = 0, high = values.count - 1
        values.withUnsafeMutableBufferPointer { v in
            while low < high {
                // Median of three as pivot.
                let mid = (low + high) / 2
                if v[mid] < v[low] { v.swapAt(mid, low) }
                if v[high] < v[low] { v.swapAt(high, low) }
                if v[high] < v[mid] { v.swapAt(high, mid) }
                let pivot = v[mid]
                var i = low, j = high
                while i <= j {
                    while v[i] < pivot { i += 1 }
                    while v[j] > pivot { j -= 1 }
                    if i <= j {
                        v.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now v[low...j] <= pivot <= v[i...high].
                if k - 1 <= j { high = j } else if k - 1 >= i { low = i } else { return }
            }
        }
    }
}

/// LSD radix sort of 64-bit keys by chosen bit fields (least significant first); stable, O(n). Digits are at most
/// 11 bits wide, so each pass's 2,048 write positions stay in the processor's cache.
enum RadixSort {
    static let digitBits = 11

    /// Sorts by the bits in `fields`, given from least to most significant.
    static func sort(_ keys: inout [UInt64], fields: [Range<Int>]) {
        keys = sorted([keys], fields: fields)
    }

    /// The keys of consecutive runs, sorted as one sequence (the first pass reads the runs where they are).
    static func sorted(_ runs: [[UInt64]], fields: [Range<Int>]) -> [UInt64] {
        let count = runs.reduce(0) { $0 + $1.count }
        guard count > 1 else { return Array(runs.joined()) }
        var digits: [(shift: Int, mask: UInt64)] = []
        for field in fields {
            for shift in stride(from: field.lowerBound, to: field.upperBound, by: digitBits) {
                digits.append((shift, (1 << UInt64(min(digitBits, field.upperBound - shift))) - 1))
            }
        }
        guard !digits.isEmpty else { return Array(runs.joined()) }
        let radix = 1 << digitBits
        // Every pass's histogram, in one reading of the keys.
        var offsets = [Int](repeating: 0, count: digits.count * radix)
        offsets.withUnsafeMutableBufferPointer { offsets in
            for run in runs {
                for key in run {
                    for (pass, digit) in digits.enumerated() {
                        offsets[pass * radix + Int((key >> UInt64(digit.shift)) & digit.mask)] += 1
                    }
                }
            }
            for pass in digits.indices {
                var total = 0
                for d in (pass * radix)..<((pass + 1) * radix) {
                    let count = offsets[d]
                    offsets[d] = total
                    total += count
                }
            }
        }
        // Every element of both buffers is written by a pass before it is read.
        var keys = [UInt64](unsafeUninitializedCapacity: count) { $1 = count }
        var buffer = [UInt64](unsafeUninitializedCapacity: count) { $1 = count }
        for (pass, digit) in digits.enumerated() {
            buffer.withUnsafeMutableBufferPointer { target in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    let base = pass * radix
                    func scatter(_ source: UnsafeBufferPointer<UInt64>) {
                        for key in source {
                            let d = base + Int((key >> UInt64(digit.shift)) & digit.mask)
                            target[offsets[d]] = key
                            offsets[d] += 1
                        }
                    }
                    if pass == 0 {
                        for run in runs { run.withUnsafeBufferPointer(scatter) }
                    } else {
                        keys.withUnsafeBufferPointer(scatter)
                    }
                }
            }
            swap(&keys, &buffer)
        }
        return keys
    }
}
