/// An element of a Moodle XML file, with the line its start tag is on. Moodle XML files are small trees of short
/// elements (`<question>` → `<questiontext>` → `<text>`), read whole and then interpreted question by question.
final class MoodleXMLNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    var children: [MoodleXMLNode] = []
    /// The element's own text (character data and CDATA), as the parser decoded it.
    var text = ""

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    func child(_ name: String) -> MoodleXMLNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [MoodleXMLNode] { children.filter { $0.name == name } }

    /// The trimmed text of the child `name` (`<idnumber>XF-0001</idnumber>`), or of its `<text>` child
    /// (`<name><text>…</text></name>`); nil when there is no such child.
    func value(_ name: String) -> String? {
        guard let element = child(name) else { return nil }
        return ImportText.trimmed(element.child("text")?.text ?? element.text)
    }

    /// The last line any element inside this one starts on.
    var lastLine: Int { children.reduce(line) { max($0, $1.lastLine) } }
}

/// Builds the tree of a Moodle XML file from the parser's events.
final class MoodleXMLTreeBuilder: XMLEventHandler {
    var root: MoodleXMLNode?
    private var stack: [MoodleXMLNode] = []

    func start(_ name: Substring, attributes: [String: String], line: Int) {
        let node = MoodleXMLNode(name: String(name), attributes: attributes, line: line)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func end(_ name: Substring) {
        _ = stack.popLast()
    }

    func text(_ text: String) {
        stack.last?.text += text
    }
}
