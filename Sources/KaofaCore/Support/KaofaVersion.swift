/// The version of kaofa, recorded in every paper's provenance.
public enum KaofaVersion {
    public static let current = "0.2.0"
}
