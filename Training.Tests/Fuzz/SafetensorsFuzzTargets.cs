using System.Buffers.Binary;
using Ssgan.Engine;
using Ssgan.Training.Checkpoints;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>Valid safetensors starting points (written by <see cref="Safetensors.Write(string, IReadOnlyList{SafetensorsEntry}, IReadOnlyDictionary{string, string}?)"/>) and the oracle for loaded files.</summary>
internal static class SafetensorsFuzzTargets
{
    /// <summary>Type loading, the file handle, System.Text.Json's pooled buffers, and exception objects.</summary>
    public const long FixedOverheadBytes = 2L << 20;

    /// <summary>
    /// Per file byte: the header copy, the JSON document's token table (12 bytes per token, at most one token per byte),
    /// UTF-16 strings and messages quoting the header, and the tensors (no larger than the data section).
    /// </summary>
    public const long BytesPerFileByte = 32;

    public static FuzzTarget<SafetensorsFile> Create()
    {
        using var temp = new TempDirectory();
        var rng = new Rng(21);
        var model = temp.File("model.safetensors");
        Safetensors.Write(
            model,
            [F32("conv.weight", rng, 4, 1, 3, 3), F32("conv.bias", rng, 4), F32("dense.weight", rng, 10, 4), F32("dense.bias", rng, 10),
             I64("step", 1234)],
            new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "3" });
        var optimizer = temp.File("optimizer.safetensors");
        Safetensors.Write(
            optimizer,
            [F32("m.0", rng, 2, 3), F32("empty", rng, 0, 3), SafetensorsEntry.I64("t", [], Scalar(7)),
             I64("counts", -1, 0, long.MaxValue)],
            new Dictionary<string, string> { ["note"] = "adam" });

        return new FuzzTarget<SafetensorsFile>(
            [new("model.safetensors", File.ReadAllBytes(model)), new("optimizer.safetensors", File.ReadAllBytes(optimizer))],
            SafetensorsMutator.Mutate,
            Safetensors.Read,
            Check,
            file => FixedOverheadBytes + BytesPerFileByte * file.Length);
    }

    private static SafetensorsEntry F32(string name, Rng rng, params int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextGaussian();
        }

        return SafetensorsEntry.F32(name, shape, values);
    }

    // Params helpers keep the inputs readable inline without CA1861's constant-array warning.
    private static SafetensorsEntry I64(string name, params long[] values) => SafetensorsEntry.I64(name, [values.Length], values);

    private static long[] Scalar(long value) => [value];

    private static string? Check(string path, SafetensorsFile file)
    {
        if (file.ByName.Count != file.Tensors.Count || file.Metadata is null)
        {
            return $"{file.Tensors.Count} tensors but {file.ByName.Count} names";
        }

        long bytes = 0;
        foreach (var tensor in file.Tensors)
        {
            var elements = tensor.Shape.Aggregate(1L, (a, b) => a * b);
            var length = tensor.Dtype == SafetensorsDtype.F32 ? tensor.Floats?.Length : tensor.Int64s?.Length;
            var other = tensor.Dtype == SafetensorsDtype.F32 ? (object?)tensor.Int64s : tensor.Floats;
            if (tensor.Shape.Any(d => d < 0) || length != elements || other is not null)
            {
                return $"tensor '{tensor.Name}' {tensor.Dtype} [{string.Join(", ", tensor.Shape)}] holds {length} values";
            }

            bytes += elements * (tensor.Dtype == SafetensorsDtype.F32 ? 4 : 8);
        }

        // Loaded tensors must tile the data section exactly, as the header length in the file defines it.
        var content = File.ReadAllBytes(path);
        var dataLength = content.Length - 8 - (long)BinaryPrimitives.ReadUInt64LittleEndian(content);
        return bytes == dataLength ? null : $"tensors hold {bytes} bytes but the data section is {dataLength}";
    }
}
