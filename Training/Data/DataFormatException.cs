namespace Ssgan.Training.Data;

/// <summary>
/// A data file is missing, malformed or does not match what it claims to be. The message is a single line that
/// starts with the file name, so the command line can print it as-is.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException()
    {
    }

    public DataFormatException(string message)
        : base(message)
    {
    }

    public DataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Full path of the offending file, when there is one.</summary>
    public string? FilePath { get; init; }

    internal static DataFormatException For(string path, string problem, Exception? inner = null) =>
        inner is null
            ? new DataFormatException($"{Path.GetFileName(path)}: {problem}") { FilePath = path }
            : new DataFormatException($"{Path.GetFileName(path)}: {problem}", inner) { FilePath = path };
}
