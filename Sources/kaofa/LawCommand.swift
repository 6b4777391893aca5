import ArgumentParser
import KaofaCore

struct LawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "law",
        abstract: "查看法律目录和条文原文（law catalog and article texts）",
        discussion: """
        kaofa law --list            列出法律目录
        kaofa law 宪法               显示一部法律的信息
        kaofa law 宪法 第二条         显示条文原文（也可写 第2条、第二条第一款、序言）
        """
    )

    @Flag(name: .long, help: "列出法律目录中的全部条目（list the catalog）")
    var list = false

    @Argument(help: ArgumentHelp("法律名称或简称（law name）", valueName: "law"))
    var name: String?

    @Argument(help: ArgumentHelp("条文，例如 第二条（article）", valueName: "article"))
    var article: String?

    func run() throws {
        let catalog = try Catalog.load()
        guard let name, !list else {
            Terminal.out(LawReport.list(catalog))
            return
        }
        guard let law = catalog.law(named: name) else {
            var message = "kaofa: 法律目录中没有“\(name)”"
            if let guess = catalog.suggestion(for: name) { message += "；是不是想找“\(guess)”？" }
            Terminal.error(message + "\n用 kaofa law --list 查看全部名称\n")
            throw ExitCode(2)
        }
        guard let article else {
            Terminal.out(LawReport.info(law, catalog: catalog))
            return
        }
        switch LawReport.article(article, of: law, catalog: catalog) {
        case let .success(text): Terminal.out(text)
        case let .failure(message):
            Terminal.error("kaofa: \(message.text)\n")
            throw ExitCode(2)
        }
    }
}
