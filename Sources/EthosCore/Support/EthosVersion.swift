/// The version of Ethos.
public enum EthosVersion {
    /// The current version, as `ethos --version` prints it.
    public static let current = "0.1.0"
}
