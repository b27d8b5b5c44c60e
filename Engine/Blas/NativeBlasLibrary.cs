using System.Runtime.InteropServices;

namespace Ssgan.Engine.Blas;

/// <summary>
/// Loads a native BLAS without ever calling into it: NativeLibrary.TryLoad plus TryGetExport for every
/// symbol we need, so probing an absent or incomplete library gives a reason instead of a crash.
/// </summary>
internal sealed class NativeBlasLibrary
{
    private static readonly string[] SearchDirs =
        ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib"];

    private readonly Dictionary<string, nint> exports;

    private NativeBlasLibrary(nint handle, string path, Dictionary<string, nint> exports)
    {
        Handle = handle;
        Path = path;
        this.exports = exports;
    }

    public nint Handle { get; }

    /// <summary>Resolved file (symlinks followed) when found in a standard directory, else the soname.</summary>
    public string Path { get; }

    public nint Export(string symbol) => exports[symbol];

    /// <summary>First candidate that loads and exports every symbol; otherwise null and a one-line reason.</summary>
    public static NativeBlasLibrary? TryLoad(string[] candidates, string[] symbols, string installHint, out string reason)
    {
        var failures = new List<string>();
        foreach (string name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, out nint handle))
            {
                failures.Add($"{name} not found");
                continue;
            }

            var found = new Dictionary<string, nint>();
            string? missing = null;
            foreach (string symbol in symbols)
            {
                if (!NativeLibrary.TryGetExport(handle, symbol, out nint address))
                {
                    missing = symbol;
                    break;
                }

                found[symbol] = address;
            }

            if (missing is null)
            {
                reason = "";
                return new NativeBlasLibrary(handle, Locate(name), found);
            }

            failures.Add($"{name} lacks {missing}");
            NativeLibrary.Free(handle);
        }

        reason = $"{string.Join(", ", failures)} ({installHint})";
        return null;
    }

    private static string Locate(string name)
    {
        foreach (string dir in SearchDirs)
        {
            var file = new FileInfo(System.IO.Path.Combine(dir, name));
            if (file.Exists)
            {
                return file.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file.FullName;
            }
        }

        return name;
    }
}
