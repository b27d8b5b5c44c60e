namespace Ssgan.Cli.Serve;

/// <summary>
/// The runs directory as the only place the dashboard reads from: every name or relative path that comes from a
/// request is checked here, after symlinks are resolved, so nothing outside it can be reached.
/// </summary>
internal sealed class RunsRoot
{
    private const int MaxLinkDepth = 32;

    public RunsRoot(string directory)
    {
        FullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        RealPath = Real(FullPath, 0) ?? FullPath;
    }

    public string FullPath { get; }

    /// <summary>The root with its own symlinks resolved: containment is checked against this.</summary>
    public string RealPath { get; }

    /// <summary>The run directory called <paramref name="name"/> (one path segment), or null when refused or missing.</summary>
    public string? Run(string name) => IsSegment(name) ? Inside(Path.Combine(FullPath, name), directory: true) : null;

    /// <summary>Why a directory entry of the root cannot be shown as a run, or null when it can.</summary>
    public string? RefusalFor(string name) =>
        Run(name) is null ? "points outside the runs directory (or cannot be resolved)" : null;

    /// <summary>A file inside the root given by a relative path of plain segments, or null when refused or missing.</summary>
    public string? File(string relative)
    {
        var segments = relative.Split('/');
        return segments.All(IsSegment) ? Inside(Path.Combine([FullPath, .. segments]), directory: false) : null;
    }

    /// <summary>
    /// Plain names only: no empty, "." or ".." segments, no separators or NULs, no hidden files (the run's .lock,
    /// partial checkpoints) and nothing percent-encoded that a second decoding could turn into one of those.
    /// </summary>
    private static bool IsSegment(string s) =>
        s.Length is > 0 and <= 255 && s[0] != '.' && s.IndexOfAny(['/', '\\', '\0', '%', ':']) < 0;

    private string? Inside(string candidate, bool directory)
    {
        var real = Real(Path.GetFullPath(candidate), 0);
        if (real is null || !real.StartsWith(RealPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return (directory ? Directory.Exists(real) : System.IO.File.Exists(real)) ? real : null;
    }

    /// <summary>The path with every symlink along it resolved (what realpath(3) gives), or null on loops or errors.</summary>
    private static string? Real(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            return null;
        }

        var current = Path.GetPathRoot(fullPath) ?? "/";
        foreach (var part in fullPath[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            try
            {
                var info = new FileInfo(next);
                if (info.LinkTarget is { } target)
                {
                    var resolved = Path.GetFullPath(target, current);
                    next = Real(resolved, depth + 1);
                    if (next is null)
                    {
                        return null;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            current = next;
        }

        return current;
    }
}
