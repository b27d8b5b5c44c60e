namespace Ssgan.Cli;

/// <summary>
/// How the user started this program, so every command we suggest ("resume with: …") works when pasted: `ssgan`
/// when it runs as an installed .NET tool, `dotnet run --project Cli -c Release --` when it runs from a clone.
/// </summary>
internal static class Invocation
{
    private static readonly Lazy<string> Cached = new(() => Detect(AppContext.BaseDirectory, Environment.CurrentDirectory));

    /// <summary>The prefix to put before a subcommand and its options.</summary>
    public static string Command => Cached.Value;

    /// <param name="baseDirectory">Where the entry assembly lives.</param>
    /// <param name="workingDirectory">The user's directory: a clone's project path is printed relative to it when inside.</param>
    public static string Detect(string baseDirectory, string workingDirectory)
    {
        // `dotnet tool install` (global or --tool-path) unpacks the package under a ".store" folder.
        var parts = Path.GetFullPath(baseDirectory).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Contains(".store"))
        {
            return "ssgan";
        }

        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            var project = Path.Combine(dir.FullName, "Cli", "Cli.csproj");
            if (File.Exists(project))
            {
                var fromClone = Path.GetRelativePath(dir.FullName, Path.GetFullPath(workingDirectory));
                var inside = fromClone == "." || !(fromClone.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(fromClone));
                var shown = inside ? Path.GetRelativePath(workingDirectory, Path.GetDirectoryName(project)!) : Path.GetDirectoryName(project)!;
                return $"dotnet run --project {Quote(shown)} -c Release --";
            }
        }

        return "ssgan";
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
