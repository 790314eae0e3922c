import Foundation
import PackagePlugin

/// Compiles the shipped files (`Sources/RefBits/Resources/{layouts,workloads,
/// attackers,sweeps}/*.toml`, which the repository's top-level `layouts/` etc.
/// point to) into the `RefBits` module as one generated Swift source, so that
/// the `refbits` binary needs no resource bundle beside it and can be copied
/// anywhere. The directories stay the one source of truth: the generated file
/// is rebuilt whenever one of them changes.
@main
struct EmbedShippedFiles: BuildToolPlugin {
  /// The directories of `Resources/` that ship, in the order they are embedded.
  static let directories = ["layouts", "workloads", "attackers", "sweeps"]

  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    guard let target = target as? SourceModuleTarget else { return [] }
    let resources = target.directoryURL.appending(path: "Resources")
    var inputs: [URL] = []
    for directory in Self.directories {
      let url = resources.appending(path: directory)
      inputs.append(url)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      inputs += names.filter { $0.hasSuffix(".toml") }.sorted().map { url.appending(path: $0) }
    }
    let output = context.pluginWorkDirectoryURL.appending(path: "ShippedFileContents.swift")
    return [
      .buildCommand(
        displayName: "Embedding the shipped layouts, workloads, attacker profiles and sweeps",
        executable: try context.tool(named: "EmbedShippedFilesTool").url,
        arguments: [resources.path, output.path] + Self.directories,
        inputFiles: inputs,
        outputFiles: [output])
    ]
  }
}
