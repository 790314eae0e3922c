/// The version of RefBits, written into results and traces.
public enum RefBitsVersion {
  public static let current = "0.1.0"
}
