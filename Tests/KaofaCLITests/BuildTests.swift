import Foundation
import Testing

@Suite("kaofa build")
struct BuildTests {
    static let blueprints = ["领导干部任前法律知识考试", "行政执法人员法律知识考试", "村(社区)两委法律知识测试"]

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// The files a build wrote, by name, with their bytes.
    static func outputs(_ directory: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: directory.appendingPathComponent($0))) })
    }

    static func build(_ blueprint: String, seed: String, out: URL, _ extra: String...) async throws -> RunResult {
        let root = try Repository.root()
        return try await Kaofa.run(["build", "--bank", root.appendingPathComponent("Banks").path,
                                    "--blueprint", root.appendingPathComponent("Blueprints/\(blueprint).yaml").path,
                                    "--seed", seed, "--out", out.path, "--color", "never"] + extra)
    }

    @Test("each sample blueprint: counts exactly as asked, the same bytes twice, another seed another paper", arguments: blueprints)
    func sampleBlueprint(name: String) async throws {
        try await withTemporaryDirectory { directory in
            let first = directory.appendingPathComponent("first"), second = directory.appendingPathComponent("second")
            let other = directory.appendingPathComponent("other")
            let run = try await Self.build(name, seed: "2026-秋季", out: first, "--variants", "2")
            #expect(run.status == 0, "\(run)")
            #expect(try await Self.build(name, seed: "2026-秋季", out: second, "--variants", "2").status == 0)
            #expect(try await Self.build(name, seed: "2026-春季", out: other, "--variants", "2").status == 0)
            let firstFiles = try Self.outputs(first)
            #expect(firstFiles == (try Self.outputs(second)), "two builds with one seed differ")
            #expect(firstFiles.count == 9, "\(firstFiles.keys.sorted())")  // 2 × (paper, key) × (json, md) + summary

            let summary = try Self.json(first.appendingPathComponent("summary.json"))
            #expect(summary["papersOffQuota"] as? Int == 0)
            for section in try #require(summary["sections"] as? [[String: Any]]) {
                #expect(section["actual"] as? Int == section["required"] as? Int)
            }
            for margin in ["law", "difficulty"] {
                let groups = (summary[margin] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
                for group in groups { #expect("\(group["actual"]!)" == "\(group["required"]!)", "\(margin): \(group)") }
            }
            let papers = try #require(summary["papers"] as? [[String: Any]])
            let otherPapers = try #require(try Self.json(other.appendingPathComponent("summary.json"))["papers"] as? [[String: Any]])
            for (paper, otherPaper) in zip(papers, otherPapers) {
                let id = try #require(paper["id"] as? String), otherID = try #require(otherPaper["id"] as? String)
                #expect(id != otherID)
                let questions = try Self.questionIDs(first.appendingPathComponent("\(id).paper.json"))
                #expect(questions != (try Self.questionIDs(other.appendingPathComponent("\(otherID).paper.json"))))
            }
            #expect(run.stderr.contains("正确答案位置"))
        }
    }

    static func questionIDs(_ url: URL) throws -> [String] {
        let sections = try #require(try json(url)["sections"] as? [[String: Any]])
        return sections.flatMap { ($0["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } }
    }

    @Test("the order of bank paths on the command line changes nothing")
    func pathOrder() async throws {
        let root = try Repository.root()
        let banks = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Banks").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { root.appendingPathComponent("Banks/\($0)").path }
        try await withTemporaryDirectory { directory in
            var outputs: [[String: Data]] = []
            for (index, order) in [banks, banks.reversed()].enumerated() {
                let out = directory.appendingPathComponent("out\(index)")
                let result = try await Kaofa.run(["build", "--bank"] + order + [
                    "--blueprint", root.appendingPathComponent("Blueprints/\(Self.blueprints[2]).yaml").path,
                    "--seed", "order", "--out", out.path, "--format", "json"])
                #expect(result.status == 0, "\(result)")
                outputs.append(try Self.outputs(out))
            }
            #expect(outputs[0] == outputs[1])
            #expect(outputs[0].count == 3)
        }
    }

    @Test("examinee 517 regenerated alone equals the paper from the batch")
    func examineeAlone() async throws {
        try await withTemporaryDirectory { directory in
            let batch = directory.appendingPathComponent("batch"), alone = directory.appendingPathComponent("alone")
            let name = Self.blueprints[0]
            let run = try await Self.build(name, seed: "x", out: batch, "--examinees", "600", "--format", "json")
            #expect(run.status == 0, "\(run)")
            #expect(run.stderr.contains("题目曝光"))
            #expect(try await Self.build(name, seed: "x", out: alone, "--examinee", "517", "--format", "json").status == 0)
            let papers = try #require(try Self.json(alone.appendingPathComponent("summary.json"))["papers"] as? [[String: Any]])
            let id = try #require(papers.first?["id"] as? String)
            for suffix in ["paper.json", "key.json"] {
                let single = try Data(contentsOf: alone.appendingPathComponent("\(id).\(suffix)"))
                #expect(single == (try Data(contentsOf: batch.appendingPathComponent("\(id).\(suffix)"))))
            }
            let paper = try Self.json(alone.appendingPathComponent("\(id).paper.json"))
            #expect((paper["examinee"] as? [String: Any])?["id"] as? String == "517")
        }
    }

    @Test("--format jsonl: one compact paper and key per line, the same documents as the .json files")
    func jsonLines() async throws {
        try await withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out")
            let run = try await Self.build(Self.blueprints[1], seed: "lines", out: out, "--examinees", "12", "--format", "json,jsonl")
            #expect(run.status == 0, "\(run)")
            for (lines, suffix) in [("papers.jsonl", "paper.json"), ("keys.jsonl", "key.json")] {
                let text = try out.appendingPathComponent(lines).text()
                let documents = text.split(separator: "\n")
                #expect(documents.count == 12 && text.hasSuffix("\n"))
                for line in documents {
                    let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? NSDictionary)
                    let id = try #require((object["id"] ?? object["paperId"]) as? String)
                    let file = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("\(id).\(suffix)"))) as? NSDictionary
                    #expect(object == file, "\(id) differs between \(lines) and its \(suffix)")
                }
            }
        }
    }

    @Test("--format html: a paper, a key and an answer sheet per paper, each a self-contained page")
    func html() async throws {
        try await withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out")
            let run = try await Self.build(Self.blueprints[0], seed: "2026-秋季", out: out, "--variants", "2", "--format", "html")
            #expect(run.status == 0, "\(run)")
            let summary = try Self.json(out.appendingPathComponent("summary.json"))
            let papers = try #require(summary["papers"] as? [[String: Any]])
            let ids = papers.compactMap { $0["id"] as? String }
            #expect(ids.count == 2)
            let expected = ids.flatMap { id in ["key", "paper", "sheet"].map { "\(id).\($0).html" } } + ["summary.json"]
            #expect(try Self.outputs(out).keys.sorted() == expected.sorted())
            for id in ids {
                let paper = try out.appendingPathComponent("\(id).paper.html").text()
                #expect(paper.hasPrefix("<!DOCTYPE html>") && paper.contains("试卷编号：\(id)"))
                #expect(paper.contains("一、单项选择题（共20题，每题2分，共40分）"))
                #expect(!paper.contains("解析") && !paper.contains("<link") && !paper.contains("src="))
                #expect(try out.appendingPathComponent("\(id).key.html").text().contains("答案及解析"))
                #expect(try out.appendingPathComponent("\(id).sheet.html").text().contains("答题卡"))
            }
        }
    }

    @Test("an unknown --format is a usage error that lists the formats")
    func unknownFormat() async throws {
        try await withTemporaryDirectory { directory in
            let run = try await Self.build(Self.blueprints[0], seed: "x", out: directory.appendingPathComponent("out"), "--format", "pptx")
            #expect(run.status == 2)
            #expect(run.stderr.contains("未知的输出格式 pptx：可用 json、md、html、pdf、docx、jsonl"), "\(run)")
            let combined = try await Self.build(Self.blueprints[0], seed: "x", out: directory.appendingPathComponent("out"), "--combined")
            #expect(combined.status == 2)
            #expect(combined.stderr.contains("--combined 只用于可打印的格式"), "\(combined)")
        }
    }

    static let chromiumAvailable = ["chromium", "chromium-browser", "google-chrome"].contains { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    } && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    static func pdfText(_ url: URL) throws -> (text: String, pages: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [url.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return (text, text.split(separator: "\u{0C}", omittingEmptySubsequences: false).count - 1)
    }

    @Test("--format pdf: paper, key and answer sheet printed by headless Chromium, with every heading and stem",
          .enabled(if: chromiumAvailable, "needs chromium and poppler-utils (.ci/run installs them)"))
    func pdf() async throws {
        try await withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out")
            let run = try await Self.build(Self.blueprints[0], seed: "pdf", out: out, "--format", "json,pdf")
            #expect(run.status == 0, "\(run)")
            let summary = try Self.json(out.appendingPathComponent("summary.json"))
            let id = try #require((summary["papers"] as? [[String: Any]])?.first?["id"] as? String)
            let paper = try Self.pdfText(out.appendingPathComponent("\(id).paper.pdf"))
            #expect((2...20).contains(paper.pages), "\(paper.pages) pages")
            let flat = paper.text.filter { !$0.isWhitespace }
            let json = try Self.json(out.appendingPathComponent("\(id).paper.json"))
            for section in try #require(json["sections"] as? [[String: Any]]) {
                let heading = try #require(section["heading"] as? String)
                #expect(flat.contains(heading.filter { !$0.isWhitespace }), "\(heading)")
                for item in section["items"] as? [[String: Any]] ?? [] {
                    // The first characters of every stem (before any blank or markup).
                    let stem = (item["stem"] as? String ?? "").prefix { !"（(_*【".contains($0) }.filter { !$0.isWhitespace }.prefix(8)
                    #expect(flat.contains(String(stem)), "stem \(stem) missing from the PDF")
                }
            }
            #expect(flat.contains("第1页共"))
            let key = try Self.pdfText(out.appendingPathComponent("\(id).key.pdf"))
            #expect(key.text.contains("答案") && key.pages >= 1)
            let sheet = try Self.pdfText(out.appendingPathComponent("\(id).sheet.pdf"))
            #expect(sheet.pages == 1, "the answer sheet of a 43-question paper fits one page")
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("\(id).paper.html").path))
        }
    }

    static let libreOfficeAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")

    /// Converts .docx files to PDF with headless LibreOffice (its own profile, so tests can run side by side).
    static func libreOfficePDF(_ files: [URL], into directory: URL) throws {
        try libreOffice(convertTo: "pdf", files, into: directory)
    }

    /// Converts files with headless LibreOffice to `format` (`pdf`, `docx:MS Word 2007 XML`), in its own profile.
    static func libreOffice(convertTo format: String, _ files: [URL], into directory: URL) throws {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("kaofa-lo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        process.arguments = ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", format,
                             "--outdir", directory.path] + files.map(\.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
    }

    @Test("--format docx: paper, key and sheet open in LibreOffice with every heading and stem; the sheet fits a page",
          .enabled(if: libreOfficeAvailable, "needs libreoffice-writer-nogui and poppler-utils (.ci/run installs them)"))
    func docx() async throws {
        try await withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("out"), printed = directory.appendingPathComponent("printed")
            let run = try await Self.build(Self.blueprints[0], seed: "docx", out: out, "--format", "json,docx")
            #expect(run.status == 0, "\(run)")
            let summary = try Self.json(out.appendingPathComponent("summary.json"))
            let id = try #require((summary["papers"] as? [[String: Any]])?.first?["id"] as? String)
            try Self.libreOfficePDF(["paper", "key", "sheet"].map { out.appendingPathComponent("\(id).\($0).docx") }, into: printed)
            let paper = try Self.pdfText(printed.appendingPathComponent("\(id).paper.pdf"))
            #expect((2...20).contains(paper.pages), "\(paper.pages) pages")
            let flat = paper.text.filter { !$0.isWhitespace }
            let json = try Self.json(out.appendingPathComponent("\(id).paper.json"))
            var number = 0
            for section in try #require(json["sections"] as? [[String: Any]]) {
                let heading = try #require(section["heading"] as? String)
                #expect(flat.contains(heading.filter { !$0.isWhitespace }), "\(heading)")
                for item in section["items"] as? [[String: Any]] ?? [] {
                    number += 1
                    let stem = (item["stem"] as? String ?? "").prefix { !"（(_*【".contains($0) }.filter { !$0.isWhitespace }.prefix(8)
                    // Word's list numbering prints the number the paper's JSON gives (pdftotext may place the
                    // number apart from its text).
                    let printedNumber = flat.contains("\(item["number"] as? Int ?? -1).")
                    #expect(printedNumber && flat.contains(String(stem)), "\(number). \(stem) missing from the PDF")
                    for option in item["options"] as? [[String: Any]] ?? [] {
                        let text = (option["text"] as? String ?? "").filter { !$0.isWhitespace }.prefix(6)
                        let found = flat.contains(String(text))
                        #expect(found, "option \(text) missing")
                    }
                }
            }
            let footer = flat.contains("第1页共"), leaked = flat.contains("答案") || flat.contains("解析")
            #expect(footer && !leaked)
            let key = try Self.pdfText(printed.appendingPathComponent("\(id).key.pdf"))
            #expect(key.text.contains("答案及解析") && key.text.contains("依据") && key.pages >= 2)
            let sheet = try Self.pdfText(printed.appendingPathComponent("\(id).sheet.pdf"))
            #expect(sheet.pages == 1, "the answer sheet of a 43-question paper fits one page")
        }
    }

    @Test("--combined --seal-line: one paper file with its answer sheet, the examinee in the header and the 密封线",
          .enabled(if: libreOfficeAvailable, "needs libreoffice-writer-nogui and poppler-utils (.ci/run installs them)"))
    func combinedSealed() async throws {
        try await withTemporaryDirectory(files: ["名单.csv": "编号,姓名,单位\n2026517,欧阳明,延庆区司法局\n"]) { directory in
            let out = directory.appendingPathComponent("out"), printed = directory.appendingPathComponent("printed")
            let run = try await Self.build(Self.blueprints[2], seed: "seal", out: out, "--format", "docx,html", "--combined", "--seal-line",
                                           "--examinees", directory.appendingPathComponent("名单.csv").path)
            #expect(run.status == 0, "\(run)")
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            #expect(names.filter { $0.contains(".sheet.") }.isEmpty, "\(names)")
            let id = try #require(names.first { $0.hasSuffix(".paper.docx") }?.dropLast(".paper.docx".count))
            let html = try out.appendingPathComponent("\(id).paper.html").text()
            #expect(html.contains("class=\"seal\"") && html.contains("答题卡") && html.contains("欧阳明"))
            try Self.libreOfficePDF([out.appendingPathComponent("\(id).paper.docx")], into: printed)
            let paper = try Self.pdfText(printed.appendingPathComponent("\(id).paper.pdf"))
            let flat = paper.text.filter { !$0.isWhitespace }
            #expect(flat.contains("答题卡") && flat.contains("延庆区司法局"))
            // The name is in the 单位/姓名/编号 line, on the answer sheet, and in the 密封线 on every page.
            #expect(flat.components(separatedBy: "欧阳明").count - 1 >= paper.pages + 2, "\(paper.pages) pages")
        }
    }

    /// A 40 × 20 red PNG.
    static let png = [UInt8](Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAIAAABwJOjsAAAAJElEQVR4nGM4ISc3IIhh1OJRi0ctHrV41OJRi0ctHrV45FgMAFLhLK5mrmiuAAAAAElFTkSuQmCC")!)

    static let imageBank = """
        ---
        law: 宪法
        audience: 全部
        ---

        ## 单项选择题

        1. 下图所示是（  ）。![国徽](图片/国徽.png) {#T-0001 条文=第一百四十二条}
        A. 国徽
        B. 国旗
        答案：A
        解析：见图。

        """

    static let imageBlueprint = """
        title: 图片题测试
        audience: 村两委
        duration: 10
        total: 2
        pass: 1
        sections:
          - type: 单选题
            count: 1
            points: 2
        """

    @Test("images in the bank: checked by kaofa check (E0217), embedded in HTML and DOCX by kaofa build")
    func images() async throws {
        try await withTemporaryDirectory(files: ["题库/宪法.md": Self.imageBank, "蓝图.yaml": Self.imageBlueprint],
                                         bytes: ["题库/图片/国徽.png": Self.png]) { directory in
            let bank = directory.appendingPathComponent("题库").path, out = directory.appendingPathComponent("out")
            #expect(try await Kaofa.run(["check", bank]).status == 0)
            let run = try await Kaofa.run(["build", "--bank", bank, "--blueprint", directory.appendingPathComponent("蓝图.yaml").path,
                                           "--seed", "img", "--out", out.path, "--format", "html,docx"])
            #expect(run.status == 0, "\(run)")
            let id = try #require(try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".paper.html") }?
                .dropLast(".paper.html".count))
            let html = try out.appendingPathComponent("\(id).paper.html").text()
            #expect(html.contains("<img src=\"data:image/png;base64,\(Data(Self.png).base64EncodedString())\" alt=\"国徽\">"))
            let docx = try Data(contentsOf: out.appendingPathComponent("\(id).paper.docx"))
            // The picture is stored uncompressed in the package.
            #expect(docx.range(of: Data(Self.png)) != nil && docx.range(of: Data("word/media/image1.png".utf8)) != nil)

            // Without the image: kaofa check reports where, and kaofa build writes nothing.
            try FileManager.default.removeItem(atPath: bank + "/图片/国徽.png")
            let check = try await Kaofa.run(["check", bank, "--color", "never"])
            #expect(check.status == 1)
            #expect(check.stderr.contains("宪法.md:8:14: error[E0217]: 找不到图片文件 图片/国徽.png"), "\(check)")
            let failed = try await Kaofa.run(["build", "--bank", bank, "--blueprint", directory.appendingPathComponent("蓝图.yaml").path,
                                              "--seed", "img", "--out", directory.appendingPathComponent("out2").path, "--format", "docx"])
            #expect(failed.status == 1 && failed.stderr.contains("E0217"), "\(failed)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out2").path))
        }
    }

    @Test("--format pdf without Chromium: a clear error that says how to install it, and no files")
    func pdfWithoutChromium() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory { directory in
            let process = Process()
            process.executableURL = try Kaofa.executable()
            process.arguments = ["build", "--bank", root.appendingPathComponent("Banks").path,
                                 "--blueprint", root.appendingPathComponent("Blueprints/\(Self.blueprints[0]).yaml").path,
                                 "--seed", "1", "--out", directory.appendingPathComponent("out").path, "--format", "pdf"]
            var environment = ProcessInfo.processInfo.environment
            environment["KAOFA_CHROMIUM"] = "/nonexistent/chromium"
            environment["KAOFA_DB"] = Kaofa.registry
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 2)
            #expect(message.contains("apt-get install chromium fonts-noto-cjk"), "\(message)")
            #expect(!directory.appendingPathComponent("out").exists())
        }
    }

    @Test("a roster names every examinee; its mistakes are reported by line")
    func roster() async throws {
        try await withTemporaryDirectory(files: [
            "名单.csv": "\u{FEFF}编号,姓名,单位\r\n0001,张三,\"延庆区司法局\"\r\n0002,李四,\"某镇, 政府\"\r\n",
            "重复.csv": "编号,姓名\n7,甲\n7,乙\n",
        ]) { directory in
            let out = directory.appendingPathComponent("out")
            let run = try await Self.build(Self.blueprints[2], seed: "r", out: out, "--examinees", directory.appendingPathComponent("名单.csv").path)
            #expect(run.status == 0, "\(run)")
            let summary = try Self.json(out.appendingPathComponent("summary.json"))
            let papers = try #require(summary["papers"] as? [[String: Any]])
            #expect(papers.compactMap { $0["examinee"] as? String } == ["0001", "0002"])
            let paper = try Self.json(out.appendingPathComponent("\(papers[1]["id"] as! String).paper.json"))
            let examinee = try #require(paper["examinee"] as? [String: Any])
            #expect(examinee["name"] as? String == "李四" && examinee["unit"] as? String == "某镇, 政府")

            let bad = try await Self.build(Self.blueprints[2], seed: "r", out: directory.appendingPathComponent("bad"),
                                           "--examinees", directory.appendingPathComponent("重复.csv").path)
            #expect(bad.status == 1)
            #expect(bad.stderr.contains("error[E0709]: 编号 7 重复（第 2 行已有）"), "\(bad)")

            // Excel's plain “CSV” on Chinese Windows is GBK: read as such, the same examinee as the UTF-8 roster gives.
            let gbk: [UInt8] = [0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0xD0, 0xD5, 0xC3, 0xFB, 0x2C, 0xB5, 0xA5, 0xCE, 0xBB, 0x0D, 0x0A, 0x30,
                                0x30, 0x30, 0x31, 0x2C, 0xD5, 0xC5, 0xC8, 0xFD, 0x2C, 0xD1, 0xD3, 0xC7, 0xEC, 0xC7, 0xF8, 0xCB, 0xBE,
                                0xB7, 0xA8, 0xBE, 0xD6, 0x0D, 0x0A]  // 编号,姓名,单位 / 0001,张三,延庆区司法局
            try Data(gbk).write(to: directory.appendingPathComponent("名单-gbk.csv"))
            let fromGBK = directory.appendingPathComponent("gbk")
            let gbkRun = try await Self.build(Self.blueprints[2], seed: "r", out: fromGBK, "--examinees",
                                              directory.appendingPathComponent("名单-gbk.csv").path)
            #expect(gbkRun.status == 0, "\(gbkRun)")
            let gbkPapers = try #require(try Self.json(fromGBK.appendingPathComponent("summary.json"))["papers"] as? [[String: Any]])
            #expect(gbkPapers.compactMap { $0["id"] as? String } == [papers[0]["id"] as? String])
            let gbkPaper = try Self.json(fromGBK.appendingPathComponent("\(gbkPapers[0]["id"] as! String).paper.json"))
            #expect((gbkPaper["examinee"] as? [String: Any])?["name"] as? String == "张三")
        }
    }

    @Test("no seed: a usage error that says why")
    func seedRequired() async throws {
        let result = try await kaofa("build", "--blueprint", "x.yaml", "--out", "out")
        #expect(result.status == 2)
        #expect(result.stderr.contains("缺少 --seed"), "\(result)")
        #expect(result.stderr.contains("可复现") || result.stderr.contains("重新生成"))
    }

    @Test("an impossible blueprint: a diagnostic in the blueprint, exit 1, and no files")
    func impossible() async throws {
        let root = try Repository.root()
        try await withTemporaryDirectory(files: ["蓝图.yaml": """
            title: 太多的题
            audience: 村两委
            duration: 60
            total: 1000
            pass: 600
            sections:
              - type: 单选题
                count: 500
                points: 2
            """]) { directory in
            let result = try await Kaofa.run(["build", "--bank", root.appendingPathComponent("Banks").path, "--blueprint", "蓝图.yaml",
                                              "--seed", "1", "--out", "out", "--color", "never"], in: directory)
            #expect(result.status == 1)
            #expect(result.stderrLines.first?.hasPrefix("蓝图.yaml:7:11: error[E0702]: 单项选择题需要 500 道，题库中可用于村两委的只有 ") == true, "\(result)")
            #expect(!directory.appendingPathComponent("out").exists(), "a failed build left its output directory")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("staging") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test("variants kept apart with --max-overlap, or a clear error when the bank is too small")
    func maxOverlap() async throws {
        try await withTemporaryDirectory { directory in
            let apart = try await Self.build(Self.blueprints[0], seed: "v", out: directory.appendingPathComponent("a"),
                                             "--variants", "2", "--max-overlap", "3")
            #expect(apart.status == 0, "\(apart)")
            let summary = try Self.json(directory.appendingPathComponent("a/summary.json"))
            let overlap = try #require((summary["variantOverlap"] as? [[String: Any]])?.first?["sharedQuestions"] as? Int)
            #expect(overlap <= 3)

            let tooMany = try await Self.build(Self.blueprints[1], seed: "v", out: directory.appendingPathComponent("b"),
                                               "--variants", "6", "--max-overlap", "0")
            #expect(tooMany.status == 1)
            #expect(tooMany.stderr.contains("error[E0707]"), "\(tooMany)")
            #expect(!directory.appendingPathComponent("b").exists(), "a failed build left its output directory")
        }
    }
}
