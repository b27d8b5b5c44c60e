namespace Ssgan.Training.Checkpoints;

/// <summary>Element types this code reads and writes; names as they appear in the safetensors header.</summary>
public enum SafetensorsDtype
{
    /// <summary>IEEE 754 single, little-endian: every parameter and optimiser moment.</summary>
    F32,

    /// <summary>Signed 64-bit integer, little-endian: step counters and other exact integers.</summary>
    I64,
}

/// <summary>One tensor to write: a name, a shape, and F32 or I64 data (whose length must equal the shape's product).</summary>
public readonly record struct SafetensorsEntry
{
    private SafetensorsEntry(string name, int[] shape, SafetensorsDtype dtype, ReadOnlyMemory<float> floats, ReadOnlyMemory<long> int64s)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Shape = shape;
        Dtype = dtype;
        Floats = floats;
        Int64s = int64s;
    }

    public string Name { get; }

    public int[] Shape { get; }

    public SafetensorsDtype Dtype { get; }

    public ReadOnlyMemory<float> Floats { get; }

    public ReadOnlyMemory<long> Int64s { get; }

    public int Length => Dtype == SafetensorsDtype.F32 ? Floats.Length : Int64s.Length;

    public static SafetensorsEntry F32(string name, int[] shape, ReadOnlyMemory<float> data) =>
        new(name, shape, SafetensorsDtype.F32, data, default);

    public static SafetensorsEntry I64(string name, int[] shape, ReadOnlyMemory<long> data) =>
        new(name, shape, SafetensorsDtype.I64, default, data);
}
