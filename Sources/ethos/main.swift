import EthosCLI
import Foundation

// Thin by design: everything lives in EthosCLI, where tests can reach it.
exit(await EthosMain.run(Array(CommandLine.arguments.dropFirst())))
