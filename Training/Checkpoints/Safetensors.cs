namespace Ssgan.Training.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
/// header length N, N bytes of UTF-8 JSON describing each tensor's dtype, shape and byte range, then the raw
/// little-endian data, tensors back to back. Chosen because PyTorch and NumPy users can open our checkpoints.
/// </summary>
public static class Safetensors
{
    /// <summary>Largest JSON header accepted; real headers are a few KB, so anything bigger is corruption.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Key of the optional string→string metadata object in the header.</summary>
    public const string MetadataKey = "__metadata__";

    /// <summary>Writes F32 tensors atomically (see <see cref="Write(string, IReadOnlyList{SafetensorsEntry}, IReadOnlyDictionary{string, string}?)"/>).</summary>
    public static void Write(
        string path,
        IReadOnlyList<(string Name, int[] Shape, ReadOnlyMemory<float> Data)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var entries = new SafetensorsEntry[tensors.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = SafetensorsEntry.F32(tensors[i].Name, tensors[i].Shape, tensors[i].Data);
        }

        SafetensorsWriter.Write(path, entries, metadata);
    }

    /// <summary>
    /// Writes the tensors, in order, to <paramref name="path"/>. The file is first written and flushed to disk as
    /// <c>path.tmp</c> and then renamed over <paramref name="path"/>, so a crash mid-write never leaves a torn checkpoint.
    /// Missing parent directories are created.
    /// </summary>
    /// <exception cref="ArgumentException">Duplicate or reserved names, negative dimensions, or data length ≠ shape product.</exception>
    public static void Write(string path, IReadOnlyList<SafetensorsEntry> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, tensors, metadata);

    /// <summary>Reads and fully validates a safetensors file holding F32 and I64 tensors.</summary>
    /// <exception cref="CheckpointFormatException">The file is missing, malformed, or uses another dtype.</exception>
    public static SafetensorsFile Read(string path) => SafetensorsReader.Read(path);
}
