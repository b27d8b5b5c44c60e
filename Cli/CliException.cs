namespace Ssgan.Cli;

/// <summary>A bad input found by the CLI itself, with the exit code it maps to and a one-line message.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
