namespace Ssgan.Cli.Serve;

/// <summary>
/// The page's files, embedded in the assembly (Cli.csproj names them dashboard/NAME) so `ssgan serve` works from
/// any working directory and never reaches out to a CDN.
/// </summary>
internal static class StaticAssets
{
    public static readonly IReadOnlyDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["style.css"] = "text/css; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["chart.js"] = "text/javascript; charset=utf-8",
        ["draw.js"] = "text/javascript; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Cache = [];

    /// <summary>The bytes of an embedded page file, or null when there is no such file.</summary>
    public static byte[]? Get(string name)
    {
        if (!ContentTypes.ContainsKey(name))
        {
            return null;
        }

        lock (Cache)
        {
            if (!Cache.TryGetValue(name, out var bytes))
            {
                using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("dashboard/" + name);
                if (stream is null)
                {
                    return null;
                }

                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Cache[name] = bytes = copy.ToArray();
            }

            return bytes;
        }
    }
}
