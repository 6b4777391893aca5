import ArgumentParser
import Foundation
import KaofaCore

/// The assembler of a build, made again from its bank, blueprint and seed: papers are a pure function of them.
enum Regeneration {
    static func assembler(banks: [String], blueprint path: String, seed: String, useColor: Bool) throws -> PaperAssembler {
        let loaded = try LoadedBank.load(banks)
        if !loaded.ioDiagnostics.isEmpty || loaded.bank.diagnostics.hasErrors {
            Terminal.error(loaded.formatter(colors: useColor).format(loaded.diagnostics(werror: false).filter { $0.severity == .error }))
            Terminal.error("题库有错误，不能重新生成试卷；请先运行 kaofa check 修正\n")
            throw ExitCode(loaded.ioDiagnostics.isEmpty ? 1 : 2)
        }
        guard let bytes = BankInput.readFile(path) else {
            Terminal.report([Terminal.unreadable(path, what: "组卷方案")], sources: [:], useColor: useColor)
            throw ExitCode(2)
        }
        let loadedBlueprint = BlueprintLoader.load(path: path, bytes: bytes, catalog: loaded.catalog)
        let source = loadedBlueprint.source
        let formatter = DiagnosticFormatter(colors: useColor) { file, line in file == path ? source?.lineText(line) : nil }
        guard let blueprint = loadedBlueprint.blueprint else {
            Terminal.error(formatter.format(loadedBlueprint.diagnostics))
            throw ExitCode(1)
        }
        switch AssemblyPlan.make(blueprint: blueprint, bank: loaded.bank.questions, catalog: loaded.catalog) {
        case let .success(plan):
            return PaperAssembler(plan: plan, seed: seed, bankDigest: BankJSON.digest(loaded.bank.questions))
        case let .failure(failure):
            Terminal.error(formatter.format(failure.diagnostics))
            throw ExitCode(1)
        }
    }
}
