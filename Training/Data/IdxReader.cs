using System.Security.Cryptography;

namespace Ssgan.Training.Data;

/// <summary>Unsigned-byte images from an IDX file: <see cref="Pixels"/> is count·rows·cols bytes, row-major.</summary>
public sealed record IdxImages(byte[] Pixels, int Count, int Rows, int Cols);

/// <summary>Reads IDX files (LeCun's MNIST format), gzip'd or raw, rejecting anything inconsistent.</summary>
public static class IdxReader
{
    /// <summary>Magic of a 3-dimensional unsigned-byte IDX file (images: count, rows, cols).</summary>
    public const uint ImagesMagic = 0x00000803;

    /// <summary>Magic of a 1-dimensional unsigned-byte IDX file (labels: count).</summary>
    public const uint LabelsMagic = 0x00000801;

    /// <summary>Most images (and labels) one file may declare: MNIST's training file has 60,000.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Reads an image file. Gzip is detected from the content, not the name.</summary>
    /// <param name="path">The IDX file, gzip'd or raw.</param>
    /// <param name="hash">When given, receives every decompressed byte (header included) as it is read.</param>
    /// <exception cref="DataFormatException">Missing, empty, corrupt, or inconsistent with its header.</exception>
    /// <param name="side">When given, images must be side×side (checked from the header, before the pixels are read).</param>
    public static IdxImages ReadImages(string path, IncrementalHash? hash = null, int? side = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var source = IdxSource.Open(path, hash);
        var header = source.ReadHeader(4);
        CheckMagic(path, header[0], ImagesMagic, "unsigned-byte images with 3 dimensions");
        var (count, rows, cols) = (header[1], header[2], header[3]);
        if (count == 0 || rows == 0 || cols == 0)
        {
            throw DataFormatException.For(path, $"header declares {count} images of {rows}×{cols}; every dimension must be > 0");
        }

        if (count > MaxCount)
        {
            throw DataFormatException.For(path, $"header declares {count} images, more than the {MaxCount} a file may hold");
        }

        if (side is { } s && (rows != s || cols != s))
        {
            throw DataFormatException.For(path, $"images are {rows}×{cols}; the models are built for {s}×{s}");
        }

        var pixels = source.ReadPayload((UInt128)count * rows * cols, "pixels");

        // ReadPayload capped the product at Array.MaxLength, so each factor fits in an int.
        return new IdxImages(pixels, (int)count, (int)rows, (int)cols);
    }

    /// <summary>Reads a label file and checks every label is in 0..<paramref name="classes"/>−1.</summary>
    /// <exception cref="DataFormatException">Missing, empty, corrupt, inconsistent, or a label out of range.</exception>
    public static byte[] ReadLabels(string path, int classes = 10, IncrementalHash? hash = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (classes is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes must be 1–256 for byte labels, got {classes}");
        }

        using var source = IdxSource.Open(path, hash);
        var header = source.ReadHeader(2);
        CheckMagic(path, header[0], LabelsMagic, "unsigned-byte labels with 1 dimension");
        if (header[1] == 0)
        {
            throw DataFormatException.For(path, "header declares 0 labels; the count must be > 0");
        }

        if (header[1] > MaxCount)
        {
            throw DataFormatException.For(path, $"header declares {header[1]} labels, more than the {MaxCount} a file may hold");
        }

        var labels = source.ReadPayload(header[1], "labels");
        var bad = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)(classes - 1));
        if (bad >= 0)
        {
            throw DataFormatException.For(path, $"label {labels[bad]} at index {bad} is outside 0–{classes - 1}");
        }

        return labels;
    }

    private static void CheckMagic(string path, uint actual, uint expected, string meaning)
    {
        if (actual != expected)
        {
            throw DataFormatException.For(path, $"magic number 0x{actual:X8} is not 0x{expected:X8} ({meaning})");
        }
    }
}
