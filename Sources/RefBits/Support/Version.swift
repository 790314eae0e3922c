/// The version of RefBits, written into results and traces.
public enum RefBitsVersion {
  /// The version string, as `refbits --version` prints it.
  public static let current = "0.1.0"
}
