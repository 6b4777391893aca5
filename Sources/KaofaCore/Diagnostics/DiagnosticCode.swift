/// The catalogue of diagnostic codes. Codes are a stable contract (scripts match on them); a code is
/// never reused for a different meaning. Each is documented with an example and its fix in
/// `docs/diagnostics.md`, and a test checks that the document lists every case.
///
/// Ranges: E00xx files and encodings, E01xx syntax, E02xx questions (options, answers, blanks),
/// E03xx ids and duplicates, E04xx laws, articles and other metadata, W05xx style.
public enum DiagnosticCode: String, CaseIterable, Sendable, Codable {
    // Files and encodings
    case fileUnreadable = "E0001"
    case notUTF8GB18030 = "E0002"
    case binaryFile = "E0003"
    case notUTF8 = "E0004"
    case fileTooLarge = "E0005"
    case noBankFiles = "E0006"
    case noQuestions = "E0007"

    // Syntax
    case unterminatedFrontMatter = "E0101"
    case invalidFrontMatterLine = "E0102"
    case unknownFrontMatterKey = "E0103"
    case unterminatedAttributeBlock = "E0104"
    case invalidAttribute = "E0105"
    case unknownAttributeKey = "E0106"
    case questionOutsideSection = "E0107"
    case unexpectedLine = "E0108"
    case unterminatedComment = "E0109"
    case misplacedOption = "E0110"
    case repeatedField = "E0111"
    case invalidID = "E0112"
    case repeatedAttribute = "E0113"
    case invalidSubQuestionType = "E0114"

    // Questions: options, answers, blanks, structure
    case missingAnswer = "E0201"
    case answerLabelWithoutOption = "E0202"
    case singleAnswerCount = "E0203"
    case multipleAnswerCount = "E0204"
    case invalidTrueFalseAnswer = "E0205"
    case tooFewOptions = "E0206"
    case blankAnswerCountMismatch = "E0207"
    case repeatedOptionText = "E0208"
    case optionLabelOutOfSequence = "E0209"
    case optionsNotAllowed = "E0210"
    case emptyStem = "E0211"
    case caseWithoutSubQuestions = "E0212"
    case caseWithoutMaterial = "E0213"
    case fillBlankWithoutBlanks = "E0214"
    case invalidChoiceAnswer = "E0215"
    case emptyOption = "E0216"

    // Ids and duplicates
    case missingID = "W0301"
    case duplicateID = "E0302"
    case duplicateQuestion = "E0303"
    case nearDuplicateQuestion = "W0304"

    // Laws, articles, audiences, difficulty
    case unknownLaw = "E0401"
    case unknownAudience = "E0402"
    case unknownDifficulty = "E0403"
    case articleOutOfRange = "E0404"
    case invalidArticle = "E0405"
    case repealedLaw = "W0406"
    case articleWithoutText = "W0407"
    case missingLaw = "W0408"
    case invalidPoints = "E0409"

    // Style
    case brokenNumbering = "W0501"

    /// The severity the code is reported with unless the caller says otherwise (`--werror` promotes warnings).
    public var defaultSeverity: DiagnosticSeverity {
        rawValue.hasPrefix("W") ? .warning : .error
    }

    /// A short Chinese title, used in `docs/diagnostics.md` and `kaofa explain`.
    public var title: String {
        switch self {
        case .fileUnreadable: "无法读取文件"
        case .notUTF8GB18030: "文件是 GBK/GB18030 编码，不是 UTF-8"
        case .binaryFile: "不是文本文件"
        case .notUTF8: "文件不是有效的 UTF-8 文本"
        case .fileTooLarge: "文件过大"
        case .noBankFiles: "没有找到题库文件"
        case .noQuestions: "文件中没有题目"
        case .unterminatedFrontMatter: "文件头没有结束标记 ---"
        case .invalidFrontMatterLine: "文件头中有无法识别的行"
        case .unknownFrontMatterKey: "文件头中有未知的键"
        case .unterminatedAttributeBlock: "属性块缺少右大括号 }"
        case .invalidAttribute: "属性写法有误"
        case .unknownAttributeKey: "未知的属性名"
        case .questionOutsideSection: "题目不在任何题型标题之下"
        case .unexpectedLine: "无法识别的内容"
        case .unterminatedComment: "注释缺少结束标记 -->"
        case .misplacedOption: "选项写在了答案或解析之后"
        case .repeatedField: "同一道题重复出现答案、解析等栏目"
        case .invalidID: "题目编号写法有误"
        case .repeatedAttribute: "同一属性写了两次"
        case .invalidSubQuestionType: "小题题型有误"
        case .missingAnswer: "缺少答案"
        case .answerLabelWithoutOption: "答案中的字母没有对应的选项"
        case .singleAnswerCount: "单选题必须恰好有一个答案"
        case .multipleAnswerCount: "多选题至少要有两个正确答案"
        case .invalidTrueFalseAnswer: "判断题的答案不是“正确”或“错误”"
        case .tooFewOptions: "选项少于两个"
        case .blankAnswerCountMismatch: "填空题的空数与答案数不一致"
        case .repeatedOptionText: "两个选项内容相同"
        case .optionLabelOutOfSequence: "选项字母不连续或重复"
        case .optionsNotAllowed: "该题型不应有选项"
        case .emptyStem: "题干为空"
        case .caseWithoutSubQuestions: "案例分析题没有小题"
        case .caseWithoutMaterial: "案例分析题缺少材料"
        case .fillBlankWithoutBlanks: "填空题题干中没有空"
        case .invalidChoiceAnswer: "选择题答案写法有误"
        case .emptyOption: "选项内容为空"
        case .missingID: "题目没有编号"
        case .duplicateID: "题目编号重复"
        case .duplicateQuestion: "重复的题目"
        case .nearDuplicateQuestion: "高度相似的题目"
        case .unknownLaw: "法律目录中没有这部法律法规"
        case .unknownAudience: "未知的适用对象"
        case .unknownDifficulty: "未知的难度"
        case .articleOutOfRange: "条文不存在"
        case .invalidArticle: "条文写法有误"
        case .repealedLaw: "引用了已废止的法律"
        case .articleWithoutText: "学习专题没有条文"
        case .missingLaw: "题目没有所属法律法规"
        case .invalidPoints: "分值写法有误"
        case .brokenNumbering: "题号不连续"
        }
    }
}
