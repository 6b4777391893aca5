/// Reads JSON (RFC 8259) into a `JSONValue`, keeping object members in document order.
///
/// Written for kaofa's inputs — answer sheets by the million, paper and key files — so it works on UTF-8 bytes
/// without Foundation, and every error names the byte offset where reading stopped, which callers turn into a line
/// and column. Nesting is limited, so hostile input cannot exhaust the stack.
public struct JSONReader {
    public struct Failure: Error, Sendable, Equatable {
        /// Offset of the offending byte in the input.
        public var offset: Int
        /// What was wrong, in Chinese, for the diagnostic.
        public var message: String
    }

    public static let maximumDepth = 64

    /// The value `bytes` hold: one JSON value, surrounded by nothing but whitespace.
    public static func read(_ bytes: some Collection<UInt8>) -> Result<JSONValue, Failure> {
        let array = Array(bytes)
        return array.withUnsafeBufferPointer { buffer in
            var reader = Cursor(bytes: buffer)
            do {
                reader.skipSpace()
                let value = try reader.value(depth: 0)
                reader.skipSpace()
                guard reader.position == buffer.count else { throw reader.failure("JSON 值后面还有多余的内容") }
                return .success(value)
            } catch let failure as Failure {
                return .failure(failure)
            } catch {
                return .failure(Failure(offset: reader.position, message: "\(error)"))
            }
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func failure(_ message: String) -> Failure { Failure(offset: position, message: message) }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard position < bytes.count else { throw failure("JSON 不完整：在这里意外结束") }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("这里应当是一个 JSON 值（对象、数组、字符串、数字、true、false 或 null）")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard position + count <= bytes.count,
                  (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] }) else {
                throw failure("这里应当是 \(word)")
            }
            position += count
        }

        mutating func object(depth: Int) throws -> JSONValue {
            guard depth <= JSONReader.maximumDepth else { throw failure("JSON 嵌套超过 \(JSONReader.maximumDepth) 层") }
            position += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw failure(position < bytes.count ? "这里应当是用双引号括起的键名" : "JSON 不完整：对象没有结束")
                }
                let key = try string()
                skipSpace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("键名后面应当是冒号 “:”") }
                position += 1
                skipSpace()
                members.append((key, try value(depth: depth)))
                skipSpace()
                guard position < bytes.count else { throw failure("JSON 不完整：对象没有结束") }
                switch bytes[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"): position += 1; return .object(members)
                default: throw failure("这里应当是逗号 “,” 或右花括号 “}”")
                }
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            guard depth <= JSONReader.maximumDepth else { throw failure("JSON 嵌套超过 \(JSONReader.maximumDepth) 层") }
            position += 1
            var elements: [JSONValue] = []
            skipSpace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipSpace()
                elements.append(try value(depth: depth))
                skipSpace()
                guard position < bytes.count else { throw failure("JSON 不完整：数组没有结束") }
                switch bytes[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"): position += 1; return .array(elements)
                default: throw failure("这里应当是逗号 “,” 或右方括号 “]”")
                }
            }
        }

        mutating func string() throws -> String {
            position += 1
            let start = position
            // Fast path: no escapes.
            while position < bytes.count {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<position])
                    guard let text = String(validating: slice, as: UTF8.self) else {
                        position = start
                        throw failure("字符串不是有效的 UTF-8 文本")
                    }
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw failure("字符串里有未转义的控制字符（换行等应写作 \\n）") }
                position += 1
            }
            var scalars: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: scalars, as: UTF8.self) else {
                        position = start
                        throw failure("字符串不是有效的 UTF-8 文本")
                    }
                    position += 1
                    return text
                case UInt8(ascii: "\\"):
                    position += 1
                    guard position < bytes.count else { break }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""): scalars.append(0x22)
                    case UInt8(ascii: "\\"): scalars.append(0x5C)
                    case UInt8(ascii: "/"): scalars.append(0x2F)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800...0xDBFF).contains(code) {
                            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                                throw failure("\\u 转义是不成对的代理项")
                            }
                            position += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw failure("\\u 转义是不成对的代理项") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            throw failure("\\u 转义是不成对的代理项")
                        }
                        scalars.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
                    default:
                        position -= 2
                        throw failure("无效的转义 \\\(Character(Unicode.Scalar(escape)))")
                    }
                default:
                    if byte < 0x20 { throw failure("字符串里有未转义的控制字符（换行等应写作 \\n）") }
                    scalars.append(byte)
                    position += 1
                }
            }
            throw failure("JSON 不完整：字符串没有结束（缺少右引号）")
        }

        mutating func hex4() throws -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("\\u 后面应当是 4 位十六进制数") }
            var code: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("\\u 后面应当是 4 位十六进制数")
                }
                code = code << 4 | UInt32(digit)
                position += 1
            }
            return code
        }

        mutating func number() throws -> JSONValue {
            let start = position
            if bytes[position] == UInt8(ascii: "-") { position += 1 }
            func digits() -> Int {
                let from = position
                while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) { position += 1 }
                return position - from
            }
            let integerStart = position
            let integerDigits = digits()
            guard integerDigits > 0 else { throw failure("数字格式不对") }
            guard !(integerDigits > 1 && bytes[integerStart] == UInt8(ascii: "0")) else {
                position = integerStart
                throw failure("数字不能以 0 开头")
            }
            var isInteger = true
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                isInteger = false
                guard digits() > 0 else { throw failure("小数点后面应当有数字") }
            }
            if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
                position += 1
                isInteger = false
                if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw failure("指数后面应当有数字") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
            if isInteger, let value = Int(text) { return .int(value) }
            guard let value = Double(text), value.isFinite else {
                position = start
                throw failure("数字超出范围")
            }
            return .double(value)
        }
    }
}

extension JSONValue {
    /// The member `key` of an object (the first, if repeated); nil for other values.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var stringValue: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case let .array(elements) = self { return elements }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Points from a JSON number with at most two decimal places.
    public var pointsValue: Points? {
        switch self {
        case let .int(value): value >= 0 && value < 1 << 40 ? Points(hundredths: value * 100) : nil
        case let .double(value): Points(value)
        default: nil
        }
    }
}
