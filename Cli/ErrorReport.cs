using Ssgan.Engine.Blas;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Data;
using Ssgan.Training.Runs;

namespace Ssgan.Cli;

/// <summary>Turns an exception into the single stderr line and the exit code the user sees.</summary>
internal static class ErrorReport
{
    public static int ExitCodeFor(Exception e) => e switch
    {
        CliException c => c.ExitCode,
        DataFormatException => ExitCodes.Data,
        CheckpointFormatException => ExitCodes.Checkpoint,
        RunSetupException => ExitCodes.OutputDirectory,
        BlasProviderException => ExitCodes.BlasProvider,
        TrainingDivergedException => ExitCodes.Diverged,
        ArgumentException => ExitCodes.Usage,
        FileNotFoundException or DirectoryNotFoundException => ExitCodes.Usage,
        IOException or UnauthorizedAccessException => ExitCodes.OutputDirectory,
        _ => ExitCodes.Internal,
    };

    /// <summary>Writes "error: message" (one line) or, with verbose, the full exception; returns the exit code.</summary>
    public static int Write(TextWriter error, Exception e, bool verbose)
    {
        var code = ExitCodeFor(e);
        var message = OneLine(e.Message);
        error.WriteLine(code == ExitCodes.Internal ? $"error: internal error ({e.GetType().Name}): {message}" : $"error: {message}");
        if (verbose)
        {
            error.WriteLine(e.ToString());
        }

        return code;
    }

    // Library messages are meant to be one line already; this guards the promise for third-party ones.
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
