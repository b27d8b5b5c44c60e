using System.Buffers.Binary;
using Ssgan.Engine;
using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>Valid IDX starting points, the reader calls, and the oracles that judge what the reader loaded.</summary>
internal static class IdxFuzzTargets
{
    /// <summary>Type loading, stream buffers, exception objects, and the gzip path's 1 MiB starting buffer.</summary>
    public const long FixedOverheadBytes = 2L << 20;

    /// <summary>Deflate's maximum expansion ratio: no gzip file can deliver more than this many bytes per byte.</summary>
    public const long MaxDeflateRatio = 1032;

    public static FuzzTarget<IdxImages> Images(bool gzip) => new(
        [Input("images-idx3-ubyte", ImageFile(7, 5, 4, seed: 11), gzip), Input("train-images-idx3-ubyte", ImageFile(20, 28, 28, seed: 12), gzip)],
        IdxMutator.Mutate,
        path => IdxReader.ReadImages(path),
        CheckImages,
        AllocationBound);

    public static FuzzTarget<byte[]> Labels(bool gzip) => new(
        [Input("labels-idx1-ubyte", LabelFile(20, seed: 13), gzip), Input("t10k-labels-idx1-ubyte", LabelFile(3, seed: 14), gzip)],
        IdxMutator.Mutate,
        path => IdxReader.ReadLabels(path),
        CheckLabels,
        AllocationBound);

    /// <summary>
    /// The reader may only spend memory that bytes actually in the file pay for: a fixed overhead plus twice what the
    /// file can deliver (the gzip buffer doubles as data arrives). A header-driven allocation blows far past this.
    /// </summary>
    public static long AllocationBound(byte[] file)
    {
        var deliverable = IsGzip(file) ? MaxDeflateRatio * file.Length : file.Length;
        return FixedOverheadBytes + 2 * deliverable;
    }

    private static FuzzInput Input(string name, byte[] raw, bool gzip) => new(gzip ? name + ".gz" : name, raw);

    private static byte[] ImageFile(uint count, uint rows, uint cols, ulong seed)
    {
        var bytes = IdxFiles.Images(count, rows, cols, (int)(count * rows * cols));
        new Rng(seed).NextBytes(bytes.AsSpan(16));
        return bytes;
    }

    private static byte[] LabelFile(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var labels = Enumerable.Range(0, count).Select(_ => (byte)rng.Next(10)).ToArray();
        return IdxFiles.Labels((uint)count, labels);
    }

    private static string? CheckImages(string path, IdxImages images)
    {
        if (images.Count <= 0 || images.Rows <= 0 || images.Cols <= 0 || images.Pixels.Length != (long)images.Count * images.Rows * images.Cols)
        {
            return $"{images.Count}×{images.Rows}×{images.Cols} images with {images.Pixels.Length} pixels";
        }

        // Whatever loads must be exactly what the file says: header fields and every pixel.
        var content = Content(path);
        uint[] header = [.. Enumerable.Range(1, 3).Select(i => BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(i * 4)))];
        if (header[0] != images.Count || header[1] != images.Rows || header[2] != images.Cols || !content.AsSpan(16).SequenceEqual(images.Pixels))
        {
            return $"loaded {images.Count}×{images.Rows}×{images.Cols} differs from the file's header {string.Join('×', header)} or its pixels";
        }

        return null;
    }

    private static string? CheckLabels(string path, byte[] labels)
    {
        var bad = labels.AsSpan().IndexOfAnyExceptInRange((byte)0, (byte)9);
        if (labels.Length == 0 || bad >= 0)
        {
            return $"{labels.Length} labels, first out of range at {bad}";
        }

        var content = Content(path);
        return content.AsSpan(8).SequenceEqual(labels) && BinaryPrimitives.ReadUInt32BigEndian(content.AsSpan(4)) == labels.Length
            ? null
            : $"{labels.Length} loaded labels differ from the file's";
    }

    private static byte[] Content(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return IsGzip(bytes) ? IdxFiles.Gunzip(path) : bytes;
    }

    private static bool IsGzip(byte[] file) => file.Length >= 2 && file[0] == 0x1f && file[1] == 0x8b;
}
