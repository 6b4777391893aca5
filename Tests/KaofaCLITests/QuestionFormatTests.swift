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
            #expect(run.stderrLines == ["已导出 507 道题（共 507 道）到 题目包.zip，全部内容都已导出"])
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("题目包.zip")))
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        }
    }

    @Test("GIFT from its extension, Aiken saved as .txt with --from aiken: reports, exit statuses, banks that check")
    func giftAndAiken() async throws {
        let gift = """
            // [id:XF-1001]
            ::XF-1001::中华人民共和国的一切权力属于（  ）。｛＝人民 ～中国共产党 ～国务院 ####《宪法》第二条。｝

            宪法是国家的根本法。{T}

            宪法修正案须经全国人大以全体代表的{#2:3}多数通过。
            """
        let aiken = """
            全国人民代表大会常务委员会是（  ）的常设机关。
            A．国务院
            B．全国人民代表大会
            ANSWER：B
            """
        try await withTemporaryDirectory(files: ["宪法.gift": gift, "宪法.txt": aiken, "Banks/.keep": ""]) { directory in
            let fromGIFT = try await kaofa("import", "宪法.gift", "--law", "宪法", "-o", "Banks/gift.md", "--color", "never", in: directory)
            expectNoCrash(fromGIFT)
            #expect(fromGIFT.status == 1, "\(fromGIFT)")
            #expect(fromGIFT.stderrLines.first == "读取 宪法.gift（GIFT，UTF-8 编码）")
            #expect(fromGIFT.stderrLines.contains("第 6 行：没有导入"))
            #expect(fromGIFT.stderrLines.contains("导入 2 道题（单项选择题 1，判断题 1），写出 Banks/gift.md；其中 1 道题的编号是新给的"))
            let fromAiken = try await kaofa("import", "宪法.txt", "--from", "aiken", "--law", "宪法", "-o", "Banks/aiken.md", "--color", "never", in: directory)
            #expect(fromAiken.status == 0, "\(fromAiken)")
            #expect(fromAiken.stderrLines == [
                "读取 宪法.txt（Aiken，UTF-8 编码）",
                "第 1 行：导入为 Q-0002（单项选择题）",
                "导入 1 道题（单项选择题 1），写出 Banks/aiken.md；其中 1 道题的编号是新给的",
                "kaofa check Banks/aiken.md：未发现问题",
            ])
            let check = try await kaofa("check", "Banks", in: directory)
            #expect(check.status == 0 && check.stderrLines.last == "检查了 2 个文件、3 道题：未发现问题", "\(check)")
        }
    }
}
