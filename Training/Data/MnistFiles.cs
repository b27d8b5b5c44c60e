namespace Ssgan.Training.Data;

/// <summary>Names and known fingerprints of the four MNIST IDX files bundled under <c>assets/mnist</c>.</summary>
public static class MnistFiles
{
    public const string TrainImages = "train-images-idx3-ubyte";
    public const string TrainLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>
    /// SHA-256 (lower-case hex) of the DECOMPRESSED files, from /work/shared/data/README.md. The .gz bytes are not
    /// hashed because different gzip implementations produce different compressed output for the same data.
    /// </summary>
    public static IReadOnlyDictionary<string, string> DecompressedSha256 { get; } = new Dictionary<string, string>
    {
        [TrainImages] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        [TrainLabels] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        [TestImages] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        [TestLabels] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary>Training labels per class 0–9 in the bundled set (sanity figure from the data README).</summary>
    public static IReadOnlyList<int> TrainClassCounts { get; } = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];

    /// <summary>Test labels per class 0–9 in the bundled set.</summary>
    public static IReadOnlyList<int> TestClassCounts { get; } = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

    /// <summary>Finds the repository's <c>assets/mnist</c> by walking up from the running binary.</summary>
    /// <exception cref="DirectoryNotFoundException">Not running from inside the repository.</exception>
    public static string FindBundledDirectory() => AssetDirectory.Find(Path.Combine("assets", "mnist"));

    /// <summary>
    /// Resolves one of the four base names inside <paramref name="directory"/>, accepting the raw file, its
    /// <c>.gz</c>, and the common dotted spelling (<c>train-images.idx3-ubyte</c>).
    /// </summary>
    /// <exception cref="FileNotFoundException">None of the spellings exists.</exception>
    public static string Resolve(string directory, string baseName)
    {
        var dotted = ReplaceLast(baseName, "-idx", ".idx");
        string[] candidates = [baseName, baseName + ".gz", dotted, dotted + ".gz"];
        foreach (var name in candidates)
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(
            $"{baseName}: not found in '{directory}' (tried {string.Join(", ", candidates)})", Path.Combine(directory, baseName));
    }

    private static string ReplaceLast(string text, string oldValue, string newValue)
    {
        var at = text.LastIndexOf(oldValue, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }
}
