import EthosCLI
import Foundation

// Thin by design: everything lives in EthosCLI, where tests can reach it.
EthosMain.prepareProcess()
exit(await EthosMain.run(Array(CommandLine.arguments.dropFirst())))
