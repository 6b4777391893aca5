/// Chinese numerals as written in article numbers (第一千二百六十条) and headings (一、).
public enum ChineseNumber {
    public static func isNumeral(_ c: Character) -> Bool {
        c.unicodeScalars.count == 1 && isNumeral(c.unicodeScalars.first!)
    }

    /// 零〇○一二两三四五六七八九十百千万.
    static func isNumeral(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x96F6, 0x3007, 0x25CB, 0x4E00, 0x4E8C, 0x4E24, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D,
             0x5341, 0x767E, 0x5343, 0x4E07:
            return true
        default:
            return false
        }
    }

    /// Parses `一千二百六十` → 1260, `十` → 10, `二十一` → 21, also digits (`1260`, full-width `１２`).
    /// Returns nil for anything else (including an empty string).
    public static func parse<S: StringProtocol>(_ text: S) -> Int? {
        var values: [UInt32] = []
        for character in text {
            guard character.unicodeScalars.count == 1 else { return nil }
            values.append(character.unicodeScalars.first!.value)
        }
        return parse(scalarValues: values)
    }

    /// The same on Unicode scalar values, without `Character` or `String` comparisons (digits: up to nine).
    static func parse(scalarValues values: [UInt32]) -> Int? {
        guard !values.isEmpty, values.count <= 9 else { return nil }
        if values.allSatisfy({ (0x30...0x39).contains($0) || (0xFF10...0xFF19).contains($0) }) {
            return values.reduce(0) { $0 * 10 + Int($1 >= 0xFF10 ? $1 - 0xFF10 : $1 - 0x30) }
        }
        var total = 0, section = 0, number = 0
        var sawDigit = false
        for v in values {
            let digit: Int? = switch v {
            case 0x96F6, 0x3007, 0x25CB: 0
            case 0x4E00: 1
            case 0x4E8C, 0x4E24: 2
            case 0x4E09: 3
            case 0x56DB: 4
            case 0x4E94: 5
            case 0x516D: 6
            case 0x4E03: 7
            case 0x516B: 8
            case 0x4E5D: 9
            default: nil
            }
            if let digit {
                number = digit
                sawDigit = true
                continue
            }
            let unit: Int
            switch v {
            case 0x5341: unit = 10
            case 0x767E: unit = 100
            case 0x5343: unit = 1000
            case 0x4E07: unit = 10000
            default: return nil
            }
            if unit == 10000 {
                section = (section + number) * unit
                total += section
                section = 0
            } else {
                section += (number == 0 && !sawDigit ? 1 : number) * unit
            }
            number = 0
            sawDigit = false
        }
        return total + section + number
    }

    /// Writes 1260 → `一千二百六十`, 10 → `十`, 105 → `一百零五`, 110 → `一百一十` (the style of Chinese statutes).
    public static func format(_ value: Int) -> String {
        guard value > 0 else { return "零" }
        guard value < 10000 else { return String(value) }
        let names = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        let unitNames = ["千", "百", "十", ""]
        let parts = [value / 1000, value / 100 % 10, value / 10 % 10, value % 10]
        var out = ""
        var pendingZero = false
        var started = false
        for (i, d) in parts.enumerated() {
            if d == 0 {
                if started { pendingZero = true }
                continue
            }
            if pendingZero { out += "零"; pendingZero = false }
            // 10–19 are written 十, 十一 … at the start; 一十 elsewhere (一百一十).
            if !(i == 2 && d == 1 && !started) { out += names[d] }
            out += unitNames[i]
            started = true
        }
        return out
    }
}
