import KaofaCore

/// A results report as `kaofa.report/1` JSON (docs/schemas/kaofa.report.schema.json). Rates are fractions rounded to
/// four decimal places; mean and median scores are rounded to two.
public enum ReportJSON {
    public static let schema = "kaofa.report/1"

    /// The report; with `analysis`, also `reliability`, `items` and `flagged` (as in kaofa.analysis/1).
    public static func document(_ report: ResultsReport, analysis: ItemAnalysis? = nil) -> JSONValue {
        .object(members(report) + (analysis.map(AnalysisJSON.members) ?? []))
    }

    static func members(_ report: ResultsReport) -> [(String, JSONValue)] {
        [
            ("schema", .string(schema)),
            ("title", .string(report.title)),
            ("levels", .array(report.levels.map(JSONValue.string))),
            ("totalPoints", points(report.totalPoints)),
            ("passPoints", points(report.passPoints)),
            ("excellentPoints", report.excellentPoints.map(points) ?? .null),
            ("participationThreshold", .double(report.participationThreshold)),
            ("pendingExaminees", .int(report.pendingExaminees)),
            ("overall", figures(report.overall)),
            ("regions", .array(report.regions.map(figures))),
            ("units", .array(report.units.map(figures))),
            ("lowParticipation", .array(report.lowParticipation.map { index in
                let unit = report.units[index]
                return .object([("name", .string(unit.name)), ("path", .array(unit.path.map(JSONValue.string))),
                                ("enrolled", .int(unit.enrolled)), ("examined", .int(unit.examined)),
                                ("participationRate", rate(unit.participationRate))])
            })),
            ("absent", .array(report.absences.map { absence in
                .object([("unit", .string(absence.unit)), ("path", .array(absence.path.map(JSONValue.string))),
                         ("examinees", .array(absence.absentees.map {
                             .object([("id", .string($0.id)), ("name", .optional($0.name))])
                         }))])
            })),
            ("unlisted", .array(report.unlisted.map {
                .object([("id", .string($0.examinee)), ("score", points($0.total))])
            })),
        ]
    }

    static func figures(_ figures: ResultsReport.Figures) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(figures.name)), ("path", .array(figures.path.map(JSONValue.string)))]
        if let level = figures.level { members.append(("level", .string(level))) }
        members += [
            ("enrolled", .int(figures.enrolled)), ("examined", .int(figures.examined)),
            ("participationRate", rate(figures.participationRate)),
            ("passed", .int(figures.passed)), ("passRate", figures.passRate.map(rate) ?? .null),
            ("excellent", .int(figures.excellent)), ("excellentRate", figures.excellentRate.map(rate) ?? .null),
            ("meanScore", figures.meanHundredths.map(score) ?? .null),
            ("minScore", figures.minScore.map(points) ?? .null), ("maxScore", figures.maxScore.map(points) ?? .null),
            ("medianScore", figures.medianHundredths.map(score) ?? .null),
            ("distribution", .array(figures.bands.map(JSONValue.int))),
        ]
        return .object(members)
    }

    /// A fraction rounded to four decimal places.
    public static func rate(_ value: Double) -> JSONValue {
        .double((value * 10_000).rounded() / 10_000)
    }

    /// Hundredths of a point (possibly fractional) as points rounded to two decimals.
    static func score(_ hundredths: Double) -> JSONValue {
        let rounded = hundredths.rounded()
        return rounded.truncatingRemainder(dividingBy: 100) == 0 ? .int(Int(rounded) / 100) : .double(rounded / 100)
    }

    static func points(_ points: Points) -> JSONValue {
        points.hundredths % 100 == 0 ? .int(points.hundredths / 100) : .double(points.value)
    }
}
