import Foundation
import Testing
#if canImport(CoreFoundation)
import CoreFoundation
#endif

@Suite("Paths and file encodings")
struct InputFileTests {
    // MARK: Paths

    @Test("a missing path: E0001, exit status 2")
    func missingPath() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await kaofa("check", "宪法题库.md", in: directory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines == [
                "宪法题库.md:1:1: error[E0001]: 找不到文件或目录“宪法题库.md”",
                "  help: 检查路径是否写对；题库通常在 Banks/ 目录下",
                "检查了 0 个文件、0 道题：发现 1 个错误",
            ])
        }
    }

    @Test("a blueprint or roster named without its extension, or a directory given for a file: what is there instead")
    func missingInputFiles() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory(files: ["蓝图.yaml": "title: x\n", "名单.csv": "编号\n1\n"]) { directory in
            let bank = root.appendingPathComponent("Banks").path
            let noSuffix = try await kaofa("build", "--bank", bank, "--blueprint", "蓝图", "--seed", "s", "--out", "out", in: directory)
            #expect(noSuffix.status == 2 && noSuffix.stderrLines == [
                "蓝图:1:1: error[E0001]: 找不到组卷方案“蓝图”", "  help: 是不是“蓝图.yaml”？文件名要写完整，包括扩展名",
            ], "\(noSuffix)")
            let folder = try await kaofa("build", "--bank", bank, "--blueprint", ".", "--seed", "s", "--out", "out", in: directory)
            #expect(folder.status == 2 && folder.stderrLines.first == ".:1:1: error[E0001]: 组卷方案“.”是一个目录", "\(folder)")
            let blueprint = root.appendingPathComponent("Blueprints/领导干部任前法律知识考试.yaml").path
            let roster = try await kaofa("report", "--roster", "名单", "--scores", "成绩.csv", "--blueprint", blueprint, "--out", "r", in: directory)
            #expect(roster.status != 0 && roster.stderr.contains("是不是“名单.csv”？"), "\(roster)")
            let examinees = try await kaofa("build", "--bank", bank, "--blueprint", blueprint, "--seed", "s", "--examinees", "名单",
                                            "--out", "out", in: directory)
            #expect(examinees.status == 2 && examinees.stderrLines.first == "名单:1:1: error[E0001]: 找不到名单“名单”", "\(examinees)")
            let scoreRoster = try await kaofa("score", "--bank", bank, "--blueprint", blueprint, "--seed", "s", "--roster", "名单",
                                              "--responses", "名单.csv", "-o", "x.csv", in: directory)
            #expect(scoreRoster.status == 2 && scoreRoster.stderr.contains("是不是“名单.csv”？"), "\(scoreRoster)")
            let stats = try await kaofa("calibrate", "--stats", "分析", bank, in: directory)
            #expect(stats.status == 2 && stats.stderrLines.first == "分析:1:1: error[E0001]: 找不到试题分析文件“分析”", "\(stats)")
        }
    }

    @Test("a bank read from a pipe (a named pipe, `<(…)`, /dev/stdin) is read to its end, not taken as an empty file")
    func pipedBank() async throws {
        let text = try Fixtures.text("valid-xianfa.md")
        try await withTemporaryDirectory { directory in
            let pipe = directory.appendingPathComponent("宪法.md")
            #expect(mkfifo(pipe.path, 0o600) == 0)
            // The writer blocks in open until kaofa opens the pipe for reading. (Should kaofa close it early, the write
            // fails with EPIPE instead of ending the test process.)
            signal(SIGPIPE, SIG_IGN)
            let writer = Thread {
                guard let handle = FileHandle(forWritingAtPath: pipe.path) else { return }
                try? handle.write(contentsOf: Data(text.utf8))
                try? handle.close()
            }
            writer.start()
            let result = try await kaofa("check", "宪法.md", in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderrLines.last == "检查了 1 个文件、3 道题：未发现问题")
        }
    }

    @Test("Word, Excel and text files beside the banks are named as not checked; images, README and Word's lock files are not")
    func otherFormats() async throws {
        try await withTemporaryDirectory(files: [
            "Banks/宪法.md": try Fixtures.text("valid-xianfa.md"), "Banks/旧题库.docx": "x", "Banks/子目录/民法典题库.XLSX": "x",
            "Banks/~$旧题库.docx": "x", "Banks/图/一.png": "x", "Banks/README.md": "说明",
        ]) { directory in
            let result = try await kaofa("check", "Banks", in: directory)
            #expect(result.status == 0, "\(result)")
            #expect(result.stderrLines == [
                "检查了 1 个文件、3 道题：未发现问题",
                "注意：Banks/子目录/民法典题库.XLSX、Banks/旧题库.docx 不是 kaofa 题库文件（.md），没有检查；Word、Excel 中的题库可以用 kaofa import 转换",
            ])
        }
    }

    @Test("check without a path in a directory that has no Banks/: E0001 for Banks, exit status 2")
    func missingDefaultBanks() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await kaofa("check", in: directory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderrLines.first == "Banks:1:1: error[E0001]: 找不到文件或目录“Banks”")
        }
    }

    @Test("a missing path next to a good file: the good file is still checked, exit status 2")
    func missingPathWithGoodFile() async throws {
        try await withTemporaryDirectory(files: ["宪法.md": try Fixtures.text("valid-xianfa.md")]) { directory in
            let result = try await kaofa("check", "宪法.md", "nope.md", in: directory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderrLines.first == "nope.md:1:1: error[E0001]: 找不到文件或目录“nope.md”")
            #expect(result.stderrLines.last == "检查了 1 个文件、3 道题：发现 1 个错误")
        }
    }

    @Test("a directory without .md files: E0006, exit status 2")
    func directoryWithoutBanks() async throws {
        try await withTemporaryDirectory(files: ["题库目录/宪法题库.md.txt": "## 判断题\n"]) { directory in
            let result = try await kaofa("check", "题库目录", in: directory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stdout == "")
            #expect(result.stderrLines == [
                "题库目录:1:1: error[E0006]: 目录“题库目录”中没有 .md 题库文件",
                "  help: 题库文件的扩展名应为 .md",
                "检查了 0 个文件、0 道题：发现 1 个错误",
                "注意：题库目录/宪法题库.md.txt 不是 kaofa 题库文件（.md），没有检查；以 .md.txt 结尾的改名为 .md；Word、Excel 中的题库可以用 kaofa import 转换",
            ])
        }
    }

    @Test("compile of a missing path: exit status 2 and no output file")
    func compileMissingPath() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await kaofa("compile", "nope.md", "-o", "out.json", in: directory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderrLines.first == "nope.md:1:1: error[E0001]: 找不到文件或目录“nope.md”")
            #expect(!directory.appendingPathComponent("out.json").exists())
        }
    }

    // MARK: Encodings

    /// The bank of the E0002 example in docs/diagnostics.md.
    static let gbSource = """
        ---
        law: 宪法
        ---

        ## 单项选择题

        1. 中华人民共和国的一切权力属于（  ）。 {#XF-0001}
        A. 人民
        B. 中国共产党
        C. 全国人民代表大会
        D. 国务院
        答案：A

        """

    /// `text` encoded as GB18030 by Foundation (swift-corelibs-foundation converts through CoreFoundation).
    static func gb18030(_ text: String) -> [UInt8]? {
        let encoding = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
            CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))
        return text.data(using: encoding).map { [UInt8]($0) }
    }

    @Test("Foundation's GB18030 encoder gives the expected bytes for 中文")
    func gb18030Encoder() throws {
        #expect(Self.gb18030("中文") == [0xD6, 0xD0, 0xCE, 0xC4])
    }

    @Test("a GB18030 file: E0002 at the first non-UTF-8 byte, with the iconv command; exit status 1")
    func gb18030File() async throws {
        let bytes = try #require(Self.gb18030(Self.gbSource), "Foundation cannot encode GB18030 on this platform")
        try await withTemporaryDirectory(bytes: ["题库.md": bytes]) { directory in
            let result = try await kaofa("check", "题库.md", in: directory)
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrLines == [
                "题库.md:2:6: error[E0002]: 文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）；为避免乱码，kaofa 不读取它",
                "  help: 转换为 UTF-8：iconv -f GB18030 -t UTF-8 '题库.md' > 新文件.md",
                "  help: 或在记事本中“文件 → 另存为”，编码选择“UTF-8”",
                "检查了 0 个文件、0 道题：发现 1 个错误",
            ])
        }
    }

    @Test("a short GB18030 text written as literal bytes (中文): E0002 at 1:1")
    func gb18030Literal() async throws {
        try await withTemporaryDirectory(bytes: ["gb.md": [0xD6, 0xD0, 0xCE, 0xC4, 0x0A]]) { directory in
            let result = try await kaofa("check", "gb.md", in: directory)
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("gb.md:1:1: error[E0002]: ") == true, "\(result)")
            #expect(result.stderrLines.contains("  help: 转换为 UTF-8：iconv -f GB18030 -t UTF-8 'gb.md' > 新文件.md"))
        }
    }

    @Test("a binary file with NUL bytes: E0003, exit status 1")
    func binaryFile() async throws {
        // The start of a zip archive (a .docx renamed to .md): the NUL is the 6th byte of line 1.
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00, 0xFF, 0xFE]
        try await withTemporaryDirectory(bytes: ["题库.md": zip]) { directory in
            let result = try await kaofa("check", "题库.md", in: directory)
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            let lines = result.stderrLines
            #expect(lines.count == 3, "\(result)")
            #expect(lines.first == "题库.md:1:6: error[E0003]: 这不是文本文件（第 1 行含有 NUL 字节），无法作为题库读取")
            #expect(lines.dropFirst().first?.hasPrefix("  help: 题库应是 .md 纯文本文件；") == true)
            #expect(lines.last == "检查了 0 个文件、0 道题：发现 1 个错误")
        }
    }

    @Test("an invalid UTF-8 byte in ASCII text: E0004 at its line and column, exit status 1")
    func invalidByte() async throws {
        let bytes = Array("## abc\n1. hello ".utf8) + [0xFF] + Array(" world\n".utf8)
        try await withTemporaryDirectory(bytes: ["bad.md": bytes]) { directory in
            let result = try await kaofa("check", "bad.md", in: directory)
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrLines == [
                "bad.md:2:10: error[E0004]: 文件在第 2 行第 10 列处不是有效的 UTF-8 文本",
                "  note: 文件可能被截断，或混用了多种编码",
                "  help: 用文本编辑器以 UTF-8 编码重新保存该文件",
                "检查了 0 个文件、0 道题：发现 1 个错误",
            ])
        }
    }

    @Test("half a Chinese character in the middle of a line (the E0004 example of docs/diagnostics.md)")
    func halfCharacter() async throws {
        let bytes = Array("---\nlaw: 宪法\n---\n\n## 判断题\n\n1. 中华人民共和国实行依法治国".utf8) + [0o345, 0o273]
            + Array("。 {#XF-0001}\n答案：正确\n".utf8)
        try await withTemporaryDirectory(bytes: ["题库.md": bytes]) { directory in
            let result = try await kaofa("check", "题库.md", in: directory)
            expectNoCrash(result)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrLines.first == "题库.md:7:17: error[E0004]: 文件在第 7 行第 17 列处不是有效的 UTF-8 文本")
        }
    }

    @Test("an unreadable encoding in one file does not stop the others from being checked")
    func encodingErrorDoesNotStopOthers() async throws {
        let gb: [UInt8] = [0xD6, 0xD0, 0xCE, 0xC4, 0x0A]
        try await withTemporaryDirectory(files: ["题库/a.md": try Fixtures.text("valid-xianfa.md")],
                                         bytes: ["题库/b.md": gb]) { directory in
            let result = try await kaofa("check", "题库", in: directory)
            #expect(result.status == 1, "\(result)")
            #expect(result.stderrLines.first?.hasPrefix("题库/b.md:1:1: error[E0002]: ") == true, "\(result)")
            #expect(result.stderrLines.last == "检查了 1 个文件、3 道题：发现 1 个错误")
        }
    }
}
