import Foundation
import Testing
@testable import KaofaCore

/// The documented contracts: every diagnostic code is in docs/diagnostics.md, and compile output conforms to
/// docs/schemas/kaofa.bank.schema.json.
@Suite("Contracts")
struct ContractTests {
    @Test("docs/diagnostics.md documents every code exactly once")
    func diagnosticsDocumented() throws {
        let url = TestSupport.repositoryRoot.appendingPathComponent("docs/diagnostics.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("### ") }.map { String($0.dropFirst(4).prefix(5)) }
        for code in DiagnosticCode.allCases {
            #expect(headings.filter { $0 == code.rawValue }.count == 1, "\(code.rawValue) is documented \(headings.filter { $0 == code.rawValue }.count) times")
        }
    }

    @Test("compile output of the sample banks conforms to the kaofa.bank/1 schema")
    func bankSchema() throws {
        let schemaURL = TestSupport.repositoryRoot.appendingPathComponent("docs/schemas/kaofa.bank.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL))
        let (bank, _) = BankCompiler.compile(raw: TestSupport.sampleBankFiles(), catalog: TestSupport.catalog)
        let document = BankJSON.document(bank.questions, catalog: TestSupport.catalog)
        let instance = try JSONSerialization.jsonObject(with: Data(document))
        let errors = SchemaValidator(root: schema).validate(instance)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        // The validator can fail: a question without its required `type` is rejected.
        var broken = try #require(instance as? [String: Any])
        var questions = try #require(broken["questions"] as? [[String: Any]])
        questions[0].removeValue(forKey: "type")
        broken["questions"] = questions
        #expect(!SchemaValidator(root: schema).validate(broken).isEmpty)
    }

    @Test("diagnostics JSON conforms to its schema")
    func diagnosticsSchema() throws {
        let schemaURL = TestSupport.repositoryRoot.appendingPathComponent("docs/schemas/diagnostics.schema.json")
        let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL))
        let bytes = [UInt8](try Data(contentsOf: TestSupport.fixtureURL("planted-errors.md")))
        let (bank, _) = BankCompiler.compile(raw: [(path: "planted-errors.md", bytes: bytes)], catalog: TestSupport.catalog)
        let instance = try JSONSerialization.jsonObject(with: Data(DiagnosticJSON.array(bank.diagnostics).serialized()))
        let errors = SchemaValidator(root: schema).validate(instance)
        #expect(errors.isEmpty, "\(errors.prefix(5))")
    }

    @Test("the streamed document has the layout of JSONValue, for an empty bank and across chunk boundaries")
    func documentLayout() throws {
        let empty = String(decoding: BankJSON.document([], catalog: TestSupport.catalog), as: UTF8.self)
        #expect(empty == """
            {
              "schema": "kaofa.bank/1",
              "digest": "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
              "questionCount": 0,
              "questions": []
            }

            """)
        // 4,500 questions span three serialisation chunks; the result must be one valid document.
        let question = TestSupport.compile(TestSupport.bank(section: "判断题", question: "1. 宪法是根本法。 {#A-1 条文=第五条}\n答案：正确")).questions[0]
        let many = (0..<4_500).map { i -> Question in
            var q = question
            q.id = "A-\(i)"
            return q
        }
        let bytes = BankJSON.document(many, catalog: TestSupport.catalog)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect((parsed["questions"] as? [Any])?.count == 4_500)
        #expect(parsed["questionCount"] as? Int == 4_500)
    }

    @Test("integers are written as String(value) spells them, the extremes and a million random values included")
    func integerLayout() {
        var values = [0, 1, 9, 10, 11, 99, 100, -1, -9, -10, -11, 1_000_000, Int.max, Int.min, Int.max - 1, Int.min + 1]
        var generator = SplitMix64(seed: 0x6B61_6F66_61)
        for _ in 0..<1_000_000 {
            // Every magnitude from one digit to nineteen, both signs.
            let bits = Int(generator.next() >> 58) // 0...63
            values.append(Int(truncatingIfNeeded: generator.next() >> UInt64(bits)))
        }
        var writer = JSONWriter(pretty: false)
        writer.beginArray()
        var expected = "["
        for (index, value) in values.enumerated() {
            writer.int(value)
            expected += (index == 0 ? "" : ",") + String(value)
        }
        writer.int(nil)
        writer.endArray()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected + ",null]")
    }

    @Test("the digest ignores file order and formatting, and changes with content")
    func digest() {
        let a = TestSupport.bank(section: "判断题", question: "1. 宪法是根本法。 {#A-1 条文=第五条}\n答案：正确")
        let b = TestSupport.bank(section: "判断题", question: "1. 人民行使国家权力。 {#B-1 条文=第二条}\n答案：错误")
        let one = TestSupport.compile(files: [("a.md", a), ("b.md", b)]).questions
        let two = TestSupport.compile(files: [("b.md", b), ("a.md", a.replacingOccurrences(of: "1. ", with: "1、"))]).questions
        #expect(BankJSON.digest(one) == BankJSON.digest(two))
        let changed = TestSupport.compile(files: [("a.md", a.replacingOccurrences(of: "正确", with: "错误")), ("b.md", b)]).questions
        #expect(BankJSON.digest(one) != BankJSON.digest(changed))
    }
}

/// A JSON Schema (2020-12) validator for the keywords our schemas use: type, properties, required,
/// additionalProperties, items, enum, const, pattern, minimum/maximum/exclusiveMinimum, minLength,
/// minItems/maxItems/uniqueItems, propertyNames, $ref to $defs, allOf/anyOf/oneOf/not, if/then/else, dependentRequired.
/// Other keywords are reported as unsupported, so a schema that needs them fails loudly.
struct SchemaValidator {
    let root: Any

    func validate(_ instance: Any) -> [String] {
        var errors: [String] = []
        validate(instance, against: root, path: "$", errors: &errors)
        return errors
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/$defs/"),
              let defs = (root as? [String: Any])?["$defs"] as? [String: Any],
              let target = defs[String(ref.dropFirst("#/$defs/".count))] as? [String: Any] else { return schema }
        return resolve(target)
    }

    private func validate(_ instance: Any, against schemaValue: Any, path: String, errors: inout [String]) {
        if let flag = schemaValue as? Bool {
            if !flag { errors.append("\(path): not allowed") }
            return
        }
        guard var schema = schemaValue as? [String: Any] else { return }
        schema = resolve(schema)
        if let types = schema["type"] {
            let allowed = (types as? [String]) ?? [types as? String ?? ""]
            if !allowed.contains(where: { matches(instance, type: $0) }) {
                errors.append("\(path): expected \(allowed), got \(Swift.type(of: instance))")
                return
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { equal($0, instance) }) {
            errors.append("\(path): \(instance) not in enum")
        }
        if let constant = schema["const"], !equal(constant, instance) { errors.append("\(path): not \(constant)") }
        if let pattern = schema["pattern"] as? String, let string = instance as? String,
           string.range(of: pattern, options: .regularExpression) == nil {
            errors.append("\(path): \(string) does not match \(pattern)")
        }
        if let number = instance as? NSNumber, !isBoolean(instance) {
            let value = number.doubleValue
            if let minimum = (schema["minimum"] as? NSNumber)?.doubleValue, value < minimum { errors.append("\(path): below minimum") }
            if let maximum = (schema["maximum"] as? NSNumber)?.doubleValue, value > maximum { errors.append("\(path): above maximum") }
            if let minimum = (schema["exclusiveMinimum"] as? NSNumber)?.doubleValue, value <= minimum {
                errors.append("\(path): not above exclusiveMinimum")
            }
        }
        if let string = instance as? String, let minLength = schema["minLength"] as? Int, string.count < minLength {
            errors.append("\(path): shorter than \(minLength)")
        }
        if let all = schema["allOf"] as? [Any] {
            for sub in all { validate(instance, against: sub, path: path, errors: &errors) }
        }
        if let condition = schema["if"] {
            var sub: [String] = []
            validate(instance, against: condition, path: path, errors: &sub)
            if sub.isEmpty, let then = schema["then"] {
                validate(instance, against: then, path: path, errors: &errors)
            } else if !sub.isEmpty, let otherwise = schema["else"] {
                validate(instance, against: otherwise, path: path, errors: &errors)
            }
        }
        if let negated = schema["not"] {
            var sub: [String] = []
            validate(instance, against: negated, path: path, errors: &sub)
            if sub.isEmpty { errors.append("\(path): matches a schema it must not match") }
        }
        if let object = instance as? [String: Any], let dependent = schema["dependentRequired"] as? [String: [String]] {
            for (key, required) in dependent where object[key] != nil {
                for other in required where object[other] == nil { errors.append("\(path): \(key) requires \(other)") }
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let alternatives = schema[key] as? [Any] {
                let passing = alternatives.filter { alternative in
                    var sub: [String] = []
                    validate(instance, against: alternative, path: path, errors: &sub)
                    return sub.isEmpty
                }.count
                if passing == 0 || (key == "oneOf" && passing > 1) { errors.append("\(path): \(key) matched \(passing)") }
            }
        }
        if let object = instance as? [String: Any] {
            for key in (schema["required"] as? [String]) ?? [] where object[key] == nil {
                errors.append("\(path): missing \(key)")
            }
            let properties = (schema["properties"] as? [String: Any]) ?? [:]
            if let names = schema["propertyNames"] {
                for key in object.keys { validate(key, against: names, path: path + "." + key + " (name)", errors: &errors) }
            }
            for (key, value) in object {
                if let property = properties[key] {
                    validate(value, against: property, path: path + "." + key, errors: &errors)
                } else if let additional = schema["additionalProperties"] {
                    validate(value, against: additional, path: path + "." + key, errors: &errors)
                }
            }
        }
        if let array = instance as? [Any] {
            if let minItems = schema["minItems"] as? Int, array.count < minItems { errors.append("\(path): too few items") }
            if let maxItems = schema["maxItems"] as? Int, array.count > maxItems { errors.append("\(path): too many items") }
            if schema["uniqueItems"] as? Bool == true, Set(array.map { "\($0)" }).count != array.count {
                errors.append("\(path): items not unique")
            }
            if let items = schema["items"] {
                for (index, item) in array.enumerated() { validate(item, against: items, path: "\(path)[\(index)]", errors: &errors) }
            }
        }
        for unsupported in ["patternProperties", "prefixItems", "contains", "format"] where schema[unsupported] != nil {
            errors.append("\(path): schema keyword \(unsupported) is not supported by the test validator")
        }
    }

    private func matches(_ instance: Any, type: String) -> Bool {
        switch type {
        case "null": return instance is NSNull
        case "object": return instance is [String: Any]
        case "array": return instance is [Any]
        case "string": return instance is String
        case "boolean":
            return isBoolean(instance)
        case "integer", "number":
            guard let number = instance as? NSNumber, !(instance is String), !isBoolean(instance) else { return false }
            return type == "number" || number.doubleValue == number.doubleValue.rounded()
        default: return false
        }
    }

    /// JSONSerialization yields `Bool` on Linux and a boolean `NSNumber` on Darwin.
    private func isBoolean(_ instance: Any) -> Bool {
        let name = String(describing: Swift.type(of: instance))
        return name == "Bool" || name.contains("CFBoolean") || name == "__NSCFBoolean"
    }

    private func equal(_ a: Any, _ b: Any) -> Bool {
        if let a = a as? String, let b = b as? String { return a == b }
        if let a = a as? NSNumber, let b = b as? NSNumber { return a == b }
        return a is NSNull && b is NSNull
    }
}
