using System.Security.Cryptography;

namespace Ssgan.Training.Data;

/// <summary>The MNIST train and test splits, loaded from the four IDX files.</summary>
public sealed class MnistDataset
{
    private MnistDataset(MnistSplit train, MnistSplit test, IReadOnlyDictionary<string, string> sha256)
    {
        Train = train;
        Test = test;
        Sha256 = sha256;
    }

    /// <summary>SHA-256 (lower-case hex) of each decompressed file, by base name (<see cref="MnistFiles.TrainImages"/>…).</summary>
    public IReadOnlyDictionary<string, string> Sha256 { get; }

    public MnistSplit Train { get; }

    public MnistSplit Test { get; }

    /// <summary>Loads the copy bundled in the repository's <c>assets/mnist</c>, verifying its hashes.</summary>
    public static MnistDataset LoadBundled() => Load(MnistFiles.FindBundledDirectory(), verifyBundledHashes: true, imageSide: 28);

    /// <summary>
    /// Loads the four files from <paramref name="directory"/> (raw or gzip'd, see <see cref="MnistFiles.Resolve"/>).
    /// </summary>
    /// <param name="directory">Folder holding the files.</param>
    /// <param name="verifyBundledHashes">
    /// Check the SHA-256 of each decompressed file against <see cref="MnistFiles.DecompressedSha256"/>; use it for the
    /// bundled copy, not for other data in the same format.
    /// </param>
    /// <param name="imageSide">When given, images of another size are refused from the header, before their pixels are read.</param>
    /// <exception cref="DataFormatException">A file is malformed, the splits disagree, or a hash differs.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static MnistDataset Load(string directory, bool verifyBundledHashes, int? imageSide = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"MNIST directory '{directory}' does not exist");
        }

        // Resolve all four first so a missing file is reported before seconds of decompression.
        var trainImages = MnistFiles.Resolve(directory, MnistFiles.TrainImages);
        var trainLabels = MnistFiles.Resolve(directory, MnistFiles.TrainLabels);
        var testImages = MnistFiles.Resolve(directory, MnistFiles.TestImages);
        var testLabels = MnistFiles.Resolve(directory, MnistFiles.TestLabels);

        // The training images dominate (47 MB to inflate and hash), so read them on a second core meanwhile.
        var hashes = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var trainTask = Task.Run(() => LoadSplit(trainImages, MnistFiles.TrainImages, trainLabels, MnistFiles.TrainLabels, verifyBundledHashes, imageSide, hashes));
        var test = LoadSplit(testImages, MnistFiles.TestImages, testLabels, MnistFiles.TestLabels, verifyBundledHashes, imageSide, hashes);
        var train = trainTask.GetAwaiter().GetResult();
        if (train.Rows != test.Rows || train.Cols != test.Cols)
        {
            throw new DataFormatException(
                $"{MnistFiles.TrainImages}: images are {train.Rows}×{train.Cols} but {MnistFiles.TestImages} has {test.Rows}×{test.Cols}");
        }

        return new MnistDataset(train, test, new Dictionary<string, string>(hashes, StringComparer.Ordinal));
    }

    private static MnistSplit LoadSplit(
        string imagesPath, string imagesName, string labelsPath, string labelsName, bool verify, int? side, System.Collections.Concurrent.ConcurrentDictionary<string, string> hashes)
    {
        using var imagesHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var images = IdxReader.ReadImages(imagesPath, imagesHash, side);
        using var labelsHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var labels = IdxReader.ReadLabels(labelsPath, classes: 10, labelsHash);
        hashes[imagesName] = Convert.ToHexStringLower(imagesHash.GetHashAndReset());
        hashes[labelsName] = Convert.ToHexStringLower(labelsHash.GetHashAndReset());
        if (verify)
        {
            CheckHash(imagesPath, imagesName, hashes[imagesName]);
            CheckHash(labelsPath, labelsName, hashes[labelsName]);
        }

        if (images.Count != labels.Length)
        {
            throw DataFormatException.For(imagesPath, $"holds {images.Count} images but {Path.GetFileName(labelsPath)} holds {labels.Length} labels");
        }

        return new MnistSplit(Scale(images.Pixels), labels, images.Rows, images.Cols);
    }

    private static void CheckHash(string path, string baseName, string actual)
    {
        var expected = MnistFiles.DecompressedSha256[baseName];
        if (actual != expected)
        {
            throw DataFormatException.For(path, $"SHA-256 of the decompressed bytes is {actual}, expected {expected} for the bundled MNIST");
        }
    }

    private static float[] Scale(byte[] pixels)
    {
        // A 256-entry table keeps the conversion exact (0 → −1, 255 → +1) and branch-free.
        Span<float> table = stackalloc float[256];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (float)((i / 127.5) - 1.0);
        }

        var scaled = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            scaled[i] = table[pixels[i]];
        }

        return scaled;
    }
}
