/// An element of an XML file read whole, with the line its start tag is on: Moodle XML files, small trees of short
/// elements (`<question>` → `<questiontext>` → `<text>`) interpreted question by question, and (in tests) the QTI files
/// kaofa writes.
final class XMLTreeNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [XMLTreeNode] = []
    /// The element's own text (character data and CDATA), as the parser decoded it.
    var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    func child(_ name: String) -> XMLTreeNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [XMLTreeNode] { children.filter { $0.name == name } }

    /// The trimmed text of the child `name` (`<idnumber>XF-0001</idnumber>`), or of its `<text>` child
    /// (`<name><text>…</text></name>`); nil when there is no such child.
    func value(_ name: String) -> String? {
        guard let element = child(name) else { return nil }
        return ImportText.trimmed(element.child("text")?.text ?? element.text)
    }

    /// The last line any element inside this one starts on.
    var lastLine: Int { children.reduce(line) { max($0, $1.lastLine) } }
}

/// Builds the tree of an XML file from the parser's events.
final class XMLTreeBuilder: XMLEventHandler {
    var root: XMLTreeNode?
    /// When set, each element directly inside the root is handed over as soon as it ends and not kept in the tree.
    var eachChildOfRoot: ((XMLTreeNode) -> Void)?
    private var stack: [XMLTreeNode] = []

    func start(_ name: Substring, attributes: [String: String], line: Int) {
        let node = XMLTreeNode(name: String(name), attributes: attributes, line: line)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func end(_ name: Substring) {
        guard let node = stack.popLast() else { return }
        if stack.count == 1, let each = eachChildOfRoot {
            stack[0].children.removeLast()
            each(node)
        }
    }

    func text(_ text: String) {
        stack.last?.text += text
    }
}
