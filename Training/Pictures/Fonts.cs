using SkiaSharp;
using Ssgan.Training.Data;

namespace Ssgan.Training.Pictures;

/// <summary>
/// Loads the typeface used for all picture text. SkiaSharp's Linux NoDependencies natives have no fontconfig, so
/// SKTypeface.Default and FromFamilyName silently draw nothing; only a typeface loaded from a font FILE renders.
/// </summary>
public static class Fonts
{
    /// <summary>The bundled font, in <c>assets/fonts</c> (DejaVu Sans, Bitstream Vera licence).</summary>
    public const string DefaultFileName = "DejaVuSans.ttf";

    // A typeface is immutable and thread-safe, so one process-wide instance serves every picture.
    private static readonly Lazy<SKTypeface> Cached = new(() => Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The bundled font, loaded once.</summary>
    public static SKTypeface Default => Cached.Value;

    /// <summary>
    /// Loads <paramref name="fileName"/> from the repository's <c>assets/fonts</c>, falling back to the system's
    /// DejaVu directory when running outside the repository. The caller owns (disposes) the result.
    /// </summary>
    /// <exception cref="FileNotFoundException">No readable font file was found.</exception>
    public static SKTypeface Load(string fileName = DefaultFileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        var tried = new List<string>();
        foreach (var path in Candidates(fileName))
        {
            tried.Add(path);
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } typeface)
            {
                return typeface;
            }
        }

        throw new FileNotFoundException($"font {fileName}: not found or unreadable (tried {string.Join(", ", tried)})", fileName);
    }

    private static IEnumerable<string> Candidates(string fileName)
    {
        string? assets = null;
        try
        {
            assets = AssetDirectory.Find(Path.Combine("assets", "fonts"));
        }
        catch (DirectoryNotFoundException)
        {
            // Outside the repository (e.g. an installed CLI): the system font directory below may still have it.
        }

        if (assets is not null)
        {
            yield return Path.Combine(assets, fileName);
        }

        yield return Path.Combine("/usr/share/fonts/truetype/dejavu", fileName);
    }
}
