import KaofaCore

/// What an XML export format leaves out of a question, in the words of its W0812 warning.
enum ExportOmissions {
    /// 互斥 groups, pictures (the files are not in `container`), tables, and the control characters XML cannot hold
    /// (`removed`, taken out of the written text), in that order.
    static func common(_ question: Question, texts: [String], removed: [UInt32], container: String) -> [String] {
        var missing: [String] = []
        if !question.enemyGroups.isEmpty { missing.append("互斥=" + question.enemyGroups.joined(separator: ",")) }
        let images = texts.flatMap(BankTableExport.imagePaths)
        if !images.isEmpty { missing.append("图片 " + images.joined(separator: "、") + "（题目中只有图片的写法 ![…](…)，图片文件不在\(container)中）") }
        if texts.contains(where: BankTableExport.hasTable) { missing.append("表格（题目中是以 | 分隔的文字）") }
        if !removed.isEmpty { missing.append("控制字符 " + MoodleXMLExport.scalarNames(removed) + "（XML 中不能出现，已去掉）") }
        return missing
    }
}
