/// The blank template `kaofa template` writes: kaofa's columns and one example row, a real question of the sample
/// bank (`Banks/宪法.md`, XF-0001, whose legal content a test keeps identical to the bank's).
public enum ImportTemplate {
    /// 编号, 题型, 题干, 选项A … 选项H, 答案, 解析, 难度, 法律, 条文, 知识点, 对象.
    public static let header: [String] = ImportColumn.template.map(\.templateName)

    /// The example row, cell for cell under `header`.
    public static let example: [String] = [
        "XF-0001", "单项选择题", "根据宪法，中国特色社会主义最本质的特征是（  ）。",
        "中国共产党领导", "生产资料的社会主义公有制", "人民代表大会制度", "社会主义市场经济", "", "", "", "",
        "A",
        "《中华人民共和国宪法》第一条第二款规定：“社会主义制度是中华人民共和国的根本制度。中国共产党领导是中国特色社会主义最本质的特征。禁止任何组织或者个人破坏社会主义制度。”",
        "易", "宪法", "第一条第二款", "党的领导", "领导干部,行政执法人员,村两委",
    ]

    /// What to write in each column, for the 说明 sheet of the Excel template.
    static let instructions: [[String]] = [
        ["列", "填写说明", "是否必填"],
        ["编号", "题目编号：英文字母、数字和 - _ .，例如 XF-0001；不填时 kaofa 自动编号（前缀用 --id-prefix 指定）", "否"],
        ["题型", "单选题、多选题、不定项选择题、判断题、填空题、简答题（也可以写 单项选择题、多项选择题、是非题、问答题）；不填时按选项和答案推断", "建议填写"],
        ["题干", "题目内容；填空题用 ____（两个以上下划线）或（  ）表示要填的空", "是"],
        ["选项A–选项H", "选择题的选项，从 A 开始依次填写，最多 8 个；判断题、填空题、简答题不填", "选择题必填"],
        ["答案", "选择题写字母：A、ABD（也可以写 A,B 或 A、B）；判断题写 正确 或 错误（也可以写 对/错、√/×）；填空题每个空一个答案，用“；”分隔，同一个空的几种写法用“/”分隔；简答题写参考答案", "是"],
        ["解析", "答案的解释，可以有多行", "否"],
        ["难度", "易、中、难（也可以写 简单/中等/困难，或 1、2、3）", "否"],
        ["法律", "所属法律法规，用法律目录中的名称或简称，例如 宪法、民法典（运行 kaofa law --list 查看）；也可以导入时用 --law 统一指定", "组卷时需要"],
        ["条文", "依据的条文：第二条、第一条第二款；多条用顿号分隔", "否"],
        ["知识点", "任意文字", "否"],
        ["对象", "领导干部、行政执法人员、村两委，多个用逗号分隔；全部 表示三类都适用", "否"],
    ]

    /// The CSV template: UTF-8 with a byte-order mark, so that Excel and WPS open it correctly.
    public static func csv() -> [UInt8] {
        CSVWriter.write([header, example])
    }

    /// The Excel template: the sheet 题库 (header frozen and bold, the example row) and the sheet 说明.
    public static func xlsx() throws -> [UInt8] {
        try XLSXWriter.write([XLSXSheet(name: "题库", text: [header, example], columnWidths: columnWidths), instructionsSheet])
    }

    /// Column widths of the 题库 sheet: wide stem and explanation, options of a useful width.
    static var columnWidths: [Double] {
        var widths = header.map { _ in 12.0 }
        widths[2] = 50
        for option in 3..<11 { widths[option] = 20 }
        widths[12] = 50
        widths[17] = 28
        return widths
    }

    /// The 说明 sheet: what to write in each column.
    static var instructionsSheet: XLSXSheet { XLSXSheet(name: "说明", text: instructions, columnWidths: [14, 90, 12]) }
}
