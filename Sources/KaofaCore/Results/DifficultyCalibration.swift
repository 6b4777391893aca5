/// Proposes 难度 tags from observed p-values (`kaofa calibrate`), as a unified diff a teacher reviews and applies —
/// never by editing a bank. Only questions on at least `ItemAnalysis.minimumForFlags` sheets are considered.
public enum DifficultyCalibration {
    public struct Proposal: Sendable, Equatable {
        public var questionID: String
        public var file: String
        public var line: Int
        public var current: Difficulty?
        public var proposed: Difficulty
        public var difficulty: Double
        public var presented: Int
    }

    /// What to change: questions whose observed p suggests another 难度 than they have. Questions whose key looks
    /// wrong (a likely wrong key, negative discrimination) are left out: their p says nothing about difficulty until the
    /// key is checked.
    public static func proposals(_ statistics: ItemStatistics, questions: [Question]) -> [Proposal] {
        var byID: [String: ItemStatistics.Entry] = [:]
        for entry in statistics.entries { byID[entry.questionID] = entry }
        var proposals: [Proposal] = []
        for question in questions {
            guard let id = question.id, let entry = byID[id], entry.presented >= ItemAnalysis.minimumForFlags,
                  let idRange = question.source.idRange, question.type != .caseAnalysis,
                  !entry.flags.contains(.likelyWrongKey), !entry.flags.contains(.negativeDiscrimination) else { continue }
            let proposed = ItemStatistics.proposedDifficulty(entry.difficulty)
            guard proposed != question.difficulty else { continue }
            proposals.append(Proposal(questionID: id, file: question.source.file, line: idRange.start.line, current: question.difficulty,
                                      proposed: proposed, difficulty: entry.difficulty, presented: entry.presented))
        }
        return proposals
    }

    /// A unified diff (`git apply` / `patch -p1`) setting `难度=` in the attribute blocks of the proposals; files as
    /// `sources` hold them (path → text).
    public static func patch(_ proposals: [Proposal], sources: [String: String]) -> String {
        var out = ""
        let byFile = Dictionary(grouping: proposals, by: \.file)
        for file in byFile.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let text = sources[file] else { continue }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let endsWithNewline = lines.last == ""
            if endsWithNewline { lines.removeLast() }
            var changed: [Int: String] = [:]
            for proposal in byFile[file]!.sorted(by: { $0.line < $1.line }) {
                let index = proposal.line - 1
                guard index < lines.count, let updated = retagged(lines[index], id: proposal.questionID, difficulty: proposal.proposed) else { continue }
                changed[index] = updated
            }
            guard !changed.isEmpty else { continue }
            out += "--- a/\(file)\n+++ b/\(file)\n"
            // Hunks: changed lines with three lines of context, merged when they touch.
            let indexes = changed.keys.sorted()
            var hunks: [[Int]] = []
            for index in indexes {
                if let last = hunks.last?.last, index - last <= 6 { hunks[hunks.count - 1].append(index) } else { hunks.append([index]) }
            }
            for hunk in hunks {
                let start = max(0, hunk.first! - 3), end = min(lines.count - 1, hunk.last! + 3)
                let count = end - start + 1
                out += "@@ -\(start + 1),\(count) +\(start + 1),\(count) @@\n"
                for index in start...end {
                    if let updated = changed[index] {
                        out += "-\(lines[index])\n+\(updated)\n"
                    } else {
                        out += " \(lines[index])\n"
                    }
                    if index == lines.count - 1 && !endsWithNewline { out += "\\ No newline at end of file\n" }
                }
            }
        }
        return out
    }

    /// The line with `难度=` set in the attribute block that holds `#id` (everything else byte for byte as it was), or
    /// nil when the block is not on it.
    static func retagged(_ line: String, id: String, difficulty: Difficulty) -> String? {
        guard let idRange = line.range(of: "#\(id)"), line[..<idRange.lowerBound].lastIndex(of: "{") != nil,
              let close = line[idRange.upperBound...].firstIndex(of: "}") else { return nil }
        let block = idRange.upperBound..<close
        if let key = line.range(of: "难度=", range: block) {
            let valueEnd = line[key.upperBound..<close].firstIndex(where: { $0 == " " || $0 == "\u{3000}" }) ?? close
            return String(line[..<key.upperBound]) + difficulty.rawValue + String(line[valueEnd...])
        }
        return String(line[..<idRange.upperBound]) + " 难度=\(difficulty.rawValue)" + String(line[idRange.upperBound...])
    }
}
