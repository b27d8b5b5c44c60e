namespace Ssgan.Training.Data;

/// <summary>
/// Finds folders under the repository's <c>assets/</c> directory. Assets are deliberately not copied into build
/// outputs (the MNIST files alone are ~11 MB per project), so every binary walks up from where it runs instead;
/// the packed .NET tool carries them next to its binary, which the walk's first step finds.
/// </summary>
public static class AssetDirectory
{
    /// <summary>
    /// Walks up from <paramref name="start"/> (default: <see cref="AppContext.BaseDirectory"/>) until a directory
    /// contains <paramref name="relativePath"/> (e.g. <c>assets/mnist</c>) and returns that full path.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No ancestor contains the folder.</exception>
    public static string Find(string relativePath, string? start = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var origin = Path.GetFullPath(start ?? AppContext.BaseDirectory);
        for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"could not find '{relativePath}' in '{origin}' or any directory above it; run from inside the Ssgan repository or pass the directory explicitly");
    }
}
