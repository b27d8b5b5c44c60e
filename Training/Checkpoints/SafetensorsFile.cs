namespace Ssgan.Training.Checkpoints;

/// <summary>One tensor read from a safetensors file; exactly one of <see cref="Floats"/> and <see cref="Int64s"/> is set.</summary>
public sealed record SafetensorsTensor(string Name, SafetensorsDtype Dtype, int[] Shape, float[]? Floats, long[]? Int64s);

/// <summary>The validated contents of a safetensors file.</summary>
public sealed class SafetensorsFile
{
    internal SafetensorsFile(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
        ByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public string Path { get; }

    /// <summary>Tensors in file (data offset) order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    public IReadOnlyDictionary<string, SafetensorsTensor> ByName { get; }

    /// <summary>The header's <c>__metadata__</c> object; empty when absent.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The F32 data of <paramref name="name"/>, checking its shape when <paramref name="expectedShape"/> is given.</summary>
    /// <exception cref="CheckpointFormatException">Missing, not F32, or a different shape.</exception>
    public float[] GetFloats(string name, int[]? expectedShape = null) =>
        Get(name, SafetensorsDtype.F32, expectedShape).Floats!;

    /// <summary>The I64 data of <paramref name="name"/>, checking its shape when <paramref name="expectedShape"/> is given.</summary>
    /// <exception cref="CheckpointFormatException">Missing, not I64, or a different shape.</exception>
    public long[] GetInt64s(string name, int[]? expectedShape = null) =>
        Get(name, SafetensorsDtype.I64, expectedShape).Int64s!;

    private SafetensorsTensor Get(string name, SafetensorsDtype dtype, int[]? expectedShape)
    {
        if (!ByName.TryGetValue(name, out var tensor))
        {
            throw CheckpointFormatException.For(Path, $"has no tensor '{name}'");
        }

        if (tensor.Dtype != dtype)
        {
            throw CheckpointFormatException.For(Path, $"tensor '{name}' is {tensor.Dtype}, expected {dtype}");
        }

        if (expectedShape is not null && !expectedShape.AsSpan().SequenceEqual(tensor.Shape))
        {
            throw CheckpointFormatException.For(
                Path, $"tensor '{name}' has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", expectedShape)}]");
        }

        return tensor;
    }
}
