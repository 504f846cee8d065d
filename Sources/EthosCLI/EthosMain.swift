internal import ArgumentParser
public import EthosCore

/// The entry point of `ethos`: parses the arguments, runs the command and maps every outcome to
/// a documented exit code.
public enum EthosMain {
    /// Runs `ethos` with `arguments` (without the program name), writing to `terminal`, with
    /// `plugins` compiled in beside the built-in ones, and returns the exit code. Relative paths
    /// are the process's working directory's.
    public static func run(_ arguments: [String], terminal: Terminal = .standard, plugins: [any PluginFactory] = []) async -> Int32 {
        await CompiledPlugins.$added.withValue(plugins) {
            await Console.$terminal.withValue(terminal) { await runCommand(arguments) }
        }
    }

    private static func runCommand(_ arguments: [String]) async -> Int32 {
        if let mistake = ArgumentCheck.mistake(in: arguments) {
            Console.err("error: \(mistake)")
            return EthosExitCode.usage
        }
        let command: any ParsableCommand
        do {
            command = try EthosCommand.parseAsRoot(arguments)
        } catch {
            return report(error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
            return EthosExitCode.success
        } catch {
            return report(error)
        }
    }

    private static func report(_ error: any Error) -> Int32 {
        switch error {
        case let exit as ExitCode:
            return exit.rawValue
        case let failure as EthosError:
            Console.err(failure.isLocated ? failure.message : "error: \(failure.message)")
            return EthosExitCode.failure
        case let fault as PluginFault:
            Console.err("error: \(fault.description)\n  The plugin is required, so the command stopped; nothing half-scored was stored.")
            return EthosExitCode.failure
        case let failure as DiagnosticsError:
            Console.err(failure.description)
            return EthosExitCode.failure
        default:
            break
        }
        let code = EthosCommand.exitCode(for: error)
        let message = EthosCommand.fullMessage(for: error)
        if code == .success {
            Console.out(message)
            return EthosExitCode.success
        }
        if code == .validationFailure {
            // The parser's messages in Ethos's form: "error: …", like every other error.
            Console.err(message.hasPrefix("Error: ") ? "error: " + message.dropFirst("Error: ".count) : message)
            return EthosExitCode.usage
        }
        Console.err("ethos: internal error: \(error)")
        return EthosExitCode.internalError
    }
}
