import Foundation

/// Runs the built `refbits` executable as a subprocess, under a limit of
/// address space and CPU time (set with `ulimit` in `/bin/sh`, which then
/// execs the tool), with a wall-clock backstop.
///
/// This is how the command line is tested end to end, the way
/// swift-argument-parser's `AssertExecuteCommand` does: exit status and
/// messages of the real binary, not of the library calls behind it.
struct CommandRunner: Sendable {
  /// The `refbits` executable, next to the test bundle (SwiftPM builds every
  /// product before running the tests), or `REFBITS_BINARY`.
  static let binary: String? = {
    if let path = ProcessInfo.processInfo.environment["REFBITS_BINARY"], FileManager.default.isExecutableFile(atPath: path) { return path }
    var candidates: [URL] = []
    if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
    candidates.append(Bundle.main.bundleURL)
    for dir in candidates {
      let path = dir.appendingPathComponent("refbits").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }()

  /// Address space, in KiB (`ulimit -v`).
  var memoryKiB = 1 << 20
  /// CPU seconds (`ulimit -t`); past it the kernel sends SIGXCPU.
  var cpuSeconds = 20
  /// Wall-clock seconds before SIGKILL (a process blocked, not computing).
  var wallSeconds: Double = 120
  /// Bytes any file the process writes may have (`ulimit -f`, in 512-byte
  /// blocks for dash, 1024 for bash: the smaller bound is used).
  var fileBlocks = 1 << 19

  /// How a run ended.
  enum Ending: Hashable, CustomStringConvertible {
    case exit(Int32)
    case signal(Int32)
    /// Killed at the CPU or the wall-clock limit.
    case timeout

    var description: String {
      switch self {
      case .exit(let c): "exit \(c)"
      case .signal(let s): "signal \(s)"
      case .timeout: "timeout"
      }
    }
  }

  struct Run: Sendable {
    var ending: Ending
    var stdout: String
    var stderr: String
    var seconds: Double
  }

  /// Runs `refbits ARGUMENTS` in `directory`, its output going to files there,
  /// with `environment` set over the inherited one (a nil value unsets).
  func run(_ arguments: [String], in directory: URL, stdin: String? = nil, environment overrides: [String: String?] = [:]) throws -> Run {
    guard let binary = Self.binary else { throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the refbits executable was not found next to the tests (set REFBITS_BINARY)"]) }
    let out = directory.appendingPathComponent(".stdout"), err = directory.appendingPathComponent(".stderr")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/sh")
    p.arguments = ["-c", "ulimit -v \(memoryKiB); ulimit -t \(cpuSeconds); ulimit -f \(fileBlocks); exec \"$0\" \"$@\"", binary] + arguments
    p.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    for (k, v) in overrides { environment[k] = v }
    p.environment = environment
    let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
    defer {
      try? outHandle.close()
      try? errHandle.close()
    }
    p.standardOutput = outHandle
    p.standardError = errHandle
    if let stdin {
      let path = directory.appendingPathComponent(".stdin")
      try Data(stdin.utf8).write(to: path)
      p.standardInput = try FileHandle(forReadingFrom: path)
    } else {
      p.standardInput = FileHandle.nullDevice
    }
    let done = DispatchSemaphore(value: 0)
    p.terminationHandler = { _ in done.signal() }
    let start = Date()
    try p.run()
    var killed = false
    if done.wait(timeout: .now() + wallSeconds) == .timedOut {
      killed = true
      kill(p.processIdentifier, SIGKILL)
      done.wait()
    }
    let seconds = Date().timeIntervalSince(start)
    let ending: Ending
    if killed {
      ending = .timeout
    } else if p.terminationReason == .uncaughtSignal {
      // The CPU limit sends SIGXCPU, then SIGKILL at the hard limit (the
      // Swift runtime's backtracer catches the first): both are a timeout.
      ending = p.terminationStatus == SIGXCPU || p.terminationStatus == SIGKILL ? .timeout : .signal(p.terminationStatus)
    } else {
      ending = .exit(p.terminationStatus)
    }
    func read(_ url: URL) -> String {
      guard let data = FileManager.default.contents(atPath: url.path) else { return "" }
      return String(decoding: data.prefix(1 << 20), as: UTF8.self)
    }
    return Run(ending: ending, stdout: read(out), stderr: read(err), seconds: seconds)
  }

  /// A fresh temporary directory.
  static func temporaryDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("refbits-\(label)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
