import ArgumentParser
import Foundation

// Usage errors exit with 2 (ArgumentParser's default is 64), as `diff` and friends do.
do {
    var command = try PathwayCommand.parseAsRoot()
    try command.run()
} catch {
    let code = PathwayCommand.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((PathwayCommand.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    PathwayCommand.exit(withError: error)
}
