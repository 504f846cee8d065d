internal import ArgumentParser
internal import EthosCore
internal import Foundation

/// Mistyped command and option names, caught before parsing to suggest the one meant: the
/// argument parser says only that an argument was unexpected, or that another was missing.
enum ArgumentCheck {
    /// The first mistyped subcommand or long option in `arguments`, as an error message with a
    /// suggestion; nil when every name is known (the parser judges everything else).
    static func mistake(in arguments: [String], root: any ParsableCommand.Type = EthosCommand.self) -> String? {
        var command = root, path = [root._commandName], index = 0
        while index < arguments.count, !command.configuration.subcommands.isEmpty, !arguments[index].hasPrefix("-") {
            let word = arguments[index]
            if word == "help" { return nil }
            guard let next = command.configuration.subcommands.first(where: { $0._commandName == word }) else {
                let names = command.configuration.subcommands.map { $0._commandName }
                return "Unknown command '\(path.joined(separator: " ")) \(word)'" + DidYouMean.phrase(word, among: names)
                    + usage(command, path: path, root: root)
            }
            command = next
            path.append(word)
            index += 1
        }
        let options = longOptions(of: command, root: root)
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if word == "--" { return nil }
            guard word.hasPrefix("--") else { continue }
            let name = String(word.prefix { $0 != "=" })
            guard let takesValue = options[name] else {
                return "Unknown option '\(name)' for '\(path.joined(separator: " "))'" + DidYouMean.phrase(name, among: options.keys)
                    + usage(command, path: path, root: root)
            }
            // The next argument is this option's value, whatever it looks like.
            if takesValue && !word.contains("=") { index += 1 }
        }
        return nil
    }

    /// The usage lines the argument parser prints under its own errors.
    private static func usage(_ command: any ParsableCommand.Type, path: [String], root: any ParsableCommand.Type) -> String {
        "\nUsage: \(root.usageString(for: command))\n  See '\(path.joined(separator: " ")) --help' for more information."
    }

    /// Every long option `command` takes, and whether it takes a value, read from its help.
    static func longOptions(of command: any ParsableCommand.Type, root: any ParsableCommand.Type) -> [String: Bool] {
        let help = root.helpMessage(for: command, includeHidden: true, columns: 10_000)
        var options = ["--help": false, "--version": false]
        let pattern = /(--[a-z0-9][a-z0-9-]*)( <[^>]+>)?/
        for match in help.matches(of: pattern) {
            let name = String(match.output.1)
            options[name] = (options[name] ?? false) || match.output.2 != nil
        }
        return options
    }
}
