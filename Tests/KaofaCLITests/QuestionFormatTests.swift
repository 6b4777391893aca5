import Foundation
import Testing

/// `kaofa import --from moodle|gift|aiken` and `kaofa export --to qti`, run as a teacher would: a sample bank goes out
/// and comes back, other systems' files import with a report, and the written banks pass `kaofa check`.
@Suite("question formats")
struct QuestionFormatTests {
    @Test("宪法.md → Moodle XML → kaofa import (the format from the extension) → kaofa check: the same questions, check clean")
    func moodleRoundTrip() async throws {
        let bank = try Repository.root().appendingPathComponent("Banks/宪法.md").text()
        try await withTemporaryDirectory(files: ["宪法.md": bank, "回来/.keep": ""]) { directory in
            let export = try await kaofa("export", "宪法.md", "-o", "宪法.xml", "--color", "never", in: directory)
            #expect(export.status == 0, "\(export)")
            let back = try await kaofa("import", "宪法.xml", "-o", "回来/宪法.md", "--color", "never", in: directory)
            expectNoCrash(back)
            #expect(back.status == 0, "\(back)")
            #expect(back.stderrLines.first == "读取 宪法.xml（Moodle XML）")
            #expect(back.stderrLines.suffix(2) == [
                "导入 90 道题（单项选择题 33，多项选择题 21，判断题 20，填空题 11，简答题 5），写出 回来/宪法.md",
                "kaofa check 回来/宪法.md：未发现问题",
            ])
            #expect(back.stderrLines.count == 93)
            let check = try await kaofa("check", "回来", in: directory)
            #expect(check.status == 0 && check.stderrLines.last == "检查了 1 个文件、90 道题：未发现问题", "\(check)")
        }
    }

    @Test("all sample banks → a QTI package (the format from .zip): every question written, a zip on disk")
    func qtiExport() async throws {
        let banks = try Repository.root().appendingPathComponent("Banks").path
        try await withTemporaryDirectory { directory in
            let run = try await kaofa("export", banks, "-o", "题目包.zip", "--color", "never", in: directory)
            expectNoCrash(run)
            #expect(run.status == 0, "\(run)")
            #expect(run.stderrLines == ["已导出 525 道题（共 525 道）到 题目包.zip，全部内容都已导出"])
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("题目包.zip")))
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        }
    }
}
