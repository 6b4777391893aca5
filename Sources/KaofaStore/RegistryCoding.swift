import Foundation
import KaofaCore

/// How both registries store what is not a plain column: a paper's items and a build's excluded questions as compact
/// JSON, and times as UTC text to the millisecond (SQLite's column, and the `createdAt` of `kaofa history --json`).
public enum RegistryCoding {
    /// Items as compact JSON: `[["XF-0001",[2,0,1,3]],["XF-0043",[],[[1,0,2,3]]]]`.
    /// (Written straight into bytes: the served papers' records are encoded on the registry's one writer.)
    public static func encode(_ items: [PaperRecord.Item]) -> String {
        var writer = JSONWriter(pretty: false, capacity: 32 * items.count + 2)
        func list(_ numbers: [Int]) {
            writer.beginArray()
            for number in numbers { writer.int(number) }
            writer.endArray()
        }
        writer.beginArray()
        for item in items {
            writer.beginArray()
            writer.string(item.questionID)
            list(item.optionOrder)
            if !item.parts.isEmpty {
                writer.beginArray()
                for part in item.parts { list(part) }
                writer.endArray()
            }
            writer.endArray()
        }
        writer.endArray()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> [PaperRecord.Item] {
        guard let array = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[Any]] else {
            throw RegistryError("登记库中的试卷题目记录已损坏")
        }
        return try array.map { entry in
            guard let id = entry.first as? String, entry.count >= 2, let order = entry[1] as? [Int] else {
                throw RegistryError("登记库中的试卷题目记录已损坏")
            }
            return PaperRecord.Item(questionID: id, optionOrder: order, parts: entry.count > 2 ? (entry[2] as? [[Int]] ?? []) : [])
        }
    }

    /// UTC, to the millisecond, sortable as text: `2026-11-24T14:50:38.123Z`.
    public static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let fraction = String(1000 + milliseconds % 1000).dropFirst()
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }

    public static func date(_ text: String) -> Date {
        let fields = text.split(whereSeparator: { "-T:.Z".contains($0) }).compactMap { Int32($0) }
        guard fields.count == 7 else { return Date(timeIntervalSince1970: 0) }
        var parts = tm()
        parts.tm_year = fields[0] - 1900
        parts.tm_mon = fields[1] - 1
        parts.tm_mday = fields[2]
        parts.tm_hour = fields[3]
        parts.tm_min = fields[4]
        parts.tm_sec = fields[5]
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)) + TimeInterval(fields[6]) / 1000)
    }

    /// The questions a build's exposure rule kept off, as a JSON array of ids.
    public static func encode(excluded: [String]) -> String {
        JSONValue.array(excluded.map(JSONValue.string)).serializedString(pretty: false)
    }

    public static func decode(excluded text: String) -> [String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
    }
}
