/// One parameter a sweep varies, and the values it takes, in increasing
/// order of the spec:
///
/// - `LO..HI`: every integer from LO to HI;
/// - `LO..HI:STEP`: LO, LO + STEP, ... up to HI;
/// - `LO..HI*F`: LO, LO·F, LO·F², ... up to HI (`2..2^30*2`: the powers of two);
/// - `a,b,c`: those values, in that order;
/// - `v`: one value.
///
/// Each number is a ``NumberText`` (`2^23`, `1 << 10`, `2^31 - 1`).
public struct SweepAxis: Sendable, Hashable, CustomStringConvertible {
  /// The parameter varied, as the layout declares it.
  public var parameter: String
  /// The spec as written (`2..2^30*2`).
  public var spec: String
  var values: [BigInt]

  /// Most values one axis may have.
  static let maximumValues = 10_000_000

  /// `NAME=SPEC`, as `--vary` takes it.
  public var description: String { "\(parameter)=\(spec)" }

  init(parameter: String, spec: String, values: [BigInt]) {
    self.parameter = parameter
    self.spec = spec
    self.values = values
  }

  /// Parses `NAME=SPEC`.
  ///
  /// - Throws: ``Diagnostics`` naming the argument (`option`, e.g.
  ///   `--vary`) and what is wrong.
  public static func parse(_ text: String, option: String = "--vary") throws(Diagnostics) -> SweepAxis {
    guard let eq = text.firstIndex(of: "=") else {
      throw Diagnostics([Diagnostic(file: option, message: "'\(text)' is not NAME=VALUES", hint: "e.g. \(option) GUP_PIN_COUNTING_BIAS=2..2^30*2, READ_BITS=1..8, GUARD_BITS=0,1,2")])
    }
    let name = text[..<eq].trimmingCharacters(in: .whitespaces)
    do {
      return try SweepAxis(parameter: name, spec: String(text[text.index(after: eq)...]))
    } catch {
      throw Diagnostics([Diagnostic(file: option, message: "\(name): \(error.message) at column \(error.offset + 1) of '\(text[text.index(after: eq)...])'", hint: "values are LO..HI, LO..HI:STEP, LO..HI*FACTOR or a,b,c")])
    }
  }

  /// Parses the values of `parameter` from a spec.
  ///
  /// - Throws: an ``ExpressionError`` at an offset of `spec`.
  public init(parameter: String, spec: String) throws(ExpressionError) {
    self.parameter = parameter
    self.spec = spec.trimmingCharacters(in: .whitespaces)
    guard !parameter.isEmpty else { throw ExpressionError(offset: 0, message: "no parameter named") }
    if spec.contains(",") {
      var out: [BigInt] = []
      var base = 0
      for part in spec.components(separatedBy: ",") {
        do { out.append(try NumberText.parse(part)) } catch { throw ExpressionError(offset: base + error.offset, message: error.message) }
        base += part.unicodeScalars.count + 1
      }
      values = out
      return
    }
    guard let dots = spec.range(of: "..") else {
      values = [try NumberText.parse(spec)]
      return
    }
    let lowText = String(spec[..<dots.lowerBound])
    let rest = String(spec[dots.upperBound...])
    let restBase = lowText.unicodeScalars.count + 2
    let low = try NumberText.parse(lowText)
    func parse(_ s: String, at base: Int) throws(ExpressionError) -> BigInt {
      do { return try NumberText.parse(s) } catch { throw ExpressionError(offset: base + error.offset, message: error.message) }
    }
    enum Stride { case step(BigInt), factor(BigInt) }
    var highText = rest
    var stride = Stride.step(1)
    if let colon = rest.lastIndex(of: ":") {
      highText = String(rest[..<colon])
      let stepText = String(rest[rest.index(after: colon)...])
      stride = .step(try parse(stepText, at: restBase + highText.unicodeScalars.count + 1))
    } else if let star = Self.lastTopLevelStar(rest) {
      highText = String(rest[..<star])
      let factorText = String(rest[rest.index(after: star)...])
      stride = .factor(try parse(factorText, at: restBase + highText.unicodeScalars.count + 1))
    }
    let high = try parse(highText, at: restBase)
    guard low <= high else { throw ExpressionError(offset: 0, message: "the range \(low)..\(high) is empty (write the lower end first)") }
    var out: [BigInt] = []
    switch stride {
    case .step(let s):
      guard s.signum > 0 else { throw ExpressionError(offset: restBase, message: "the step must be positive, not \(s)") }
      guard ((high - low) / s) < BigInt(Self.maximumValues) else { throw ExpressionError(offset: 0, message: "more than \(Self.maximumValues) values") }
      var v = low
      while v <= high { out.append(v); v += s }
    case .factor(let f):
      guard f >= 2 else { throw ExpressionError(offset: restBase, message: "the factor must be at least 2, not \(f)") }
      guard low.signum > 0 else { throw ExpressionError(offset: 0, message: "a geometric range starts above 0, not at \(low)") }
      var v = low
      while v <= high { out.append(v); v *= f }
    }
    values = out
  }

  /// The index of the last `*` outside parentheses, if any.
  static func lastTopLevelStar(_ s: String) -> String.Index? {
    var depth = 0
    var found: String.Index?
    for i in s.indices {
      switch s[i] {
      case "(": depth += 1
      case ")": depth -= 1
      case "*" where depth == 0: found = i
      default: break
      }
    }
    return found
  }
}
