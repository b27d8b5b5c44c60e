using Ssgan.Training.Data;

namespace Ssgan.Cli;

/// <summary>Loads MNIST for a command: the bundled copy (SHA-256 verified) by default, or --data DIR as given.</summary>
internal static class DataSource
{
    /// <param name="directory">--data, or null for the repository's bundled assets/mnist.</param>
    public static MnistDataset Load(string? directory)
    {
        try
        {
            if (directory is null || directory == BundledMarker)
            {
                return MnistDataset.LoadBundled();
            }

            // The bundled copy keeps its hash check even when named explicitly.
            return MnistDataset.Load(directory, verifyBundledHashes: IsBundled(directory), imageSide: 28);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.Data, $"--data: {e.Message}");
        }
    }

    /// <summary>The bundled directory's full path, or null when not running inside the repository.</summary>
    public static string? BundledDirectory()
    {
        try
        {
            return Path.GetFullPath(MnistFiles.FindBundledDirectory());
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>How config.json names the bundled copy, so a run resumes from any checkout of the repository.</summary>
    public const string BundledMarker = "bundled";

    public static bool IsBundled(string directory) =>
        directory == BundledMarker || BundledDirectory() is { } bundled
        && string.Equals(Path.GetFullPath(directory).TrimEnd('/'), bundled.TrimEnd('/'), StringComparison.Ordinal);
}
