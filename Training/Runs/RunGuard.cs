namespace Ssgan.Training.Runs;

/// <summary>
/// What --force may replace: only a directory that is recognisably a run of ours (a config.json that parses as a
/// run configuration, and nothing at its top level a run does not write), never the working directory or a parent
/// of it, a git repository, the home directory or the file-system root.
/// </summary>
public static class RunGuard
{
    /// <summary>Every top-level name a run (or an interrupted write of one) may hold.</summary>
    private static readonly HashSet<string> RunEntries = new(StringComparer.Ordinal)
    {
        "config.json", "metrics.csv", "samples", "curves.png", "checkpoints", "summary.json", "diagnostics.json",
        "models.txt", "models", RunLock.FileName, ".write-test",
        "config.json.tmp", "metrics.csv.tmp", "summary.json.tmp", "diagnostics.json.tmp",
    };

    /// <summary>Throws <see cref="RunSetupException"/> naming why <paramref name="root"/> may not be replaced.</summary>
    public static void CheckReplaceable(string root)
    {
        var full = Canonical(root);
        if (full == "/")
        {
            throw Refuse(root, "is the file-system root");
        }

        if (IsSameOrParent(full, Canonical(Directory.GetCurrentDirectory())))
        {
            throw Refuse(root, "is the working directory or a parent of it");
        }

        foreach (var home in new[] { Environment.GetEnvironmentVariable("HOME"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) })
        {
            if (!string.IsNullOrEmpty(home) && IsSameOrParent(full, Canonical(home)))
            {
                throw Refuse(root, $"is the home directory {home} or a parent of it");
            }
        }

        if (Directory.Exists(Path.Combine(root, ".git")) || File.Exists(Path.Combine(root, ".git")))
        {
            throw Refuse(root, "is a git repository (it has .git)");
        }

        var files = new RunFiles(root);
        if (!File.Exists(files.Config))
        {
            throw Refuse(root, "has no config.json, so it is not a run");
        }

        try
        {
            RunConfig.Load(files.Config);
        }
        catch (RunSetupException e)
        {
            throw Refuse(root, $"its config.json is not a run configuration ({e.Message})");
        }

        var stranger = Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName).FirstOrDefault(n => !RunEntries.Contains(n!));
        if (stranger is not null)
        {
            throw Refuse(root, $"holds '{stranger}', which a run never writes");
        }
    }

    private static RunSetupException Refuse(string root, string why) =>
        new($"{root}: --force replaces only a run directory, and this {why}; nothing was deleted");

    private static bool IsSameOrParent(string candidate, string path) =>
        path == candidate || path.StartsWith(candidate + "/", StringComparison.Ordinal);

    /// <summary>The absolute path with symbolic links resolved (where they exist) and no trailing slash.</summary>
    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = new DirectoryInfo(full);
            if (info.Exists && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                full = target.FullName;
            }
        }
        catch (IOException)
        {
            // An unresolvable link: compare the path as given.
        }

        var trimmed = full.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }
}
