namespace Ssgan.Training.Checkpoints;

/// <summary>
/// A checkpoint file is missing, malformed, or lacks what the caller asked for. The message is a single line that
/// starts with the file name.
/// </summary>
public sealed class CheckpointFormatException : Exception
{
    public CheckpointFormatException()
    {
    }

    public CheckpointFormatException(string message)
        : base(message)
    {
    }

    public CheckpointFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Full path of the offending file.</summary>
    public string? FilePath { get; init; }

    internal static CheckpointFormatException For(string path, string problem, Exception? inner = null)
    {
        // Messages are printed as one line; exception texts from System.Text.Json may carry newlines.
        var message = $"{Path.GetFileName(path)}: {problem}".ReplaceLineEndings(" ");
        return inner is null
            ? new CheckpointFormatException(message) { FilePath = path }
            : new CheckpointFormatException(message, inner) { FilePath = path };
    }
}
