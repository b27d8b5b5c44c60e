using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Ssgan.Training.Checkpoints;

namespace Ssgan.Training.Tests.Checkpoints;

[TestClass]
public sealed class SafetensorsTests
{
    [TestMethod]
    public void RoundTripIsBitIdentical()
    {
        using var temp = new TempDirectory();
        var path = temp.File("nested/step-100.safetensors");
        float[] weights = [1.5f, -0f, float.NaN, BitConverter.Int32BitsToSingle(0x7fc00123), float.Epsilon, float.MaxValue];
        float[] scalar = [3.25f];
        var metadata = new Dictionary<string, string> { ["seed"] = "42", ["note"] = "ü \"quoted\"" };

        Safetensors.Write(
            path,
            [
                SafetensorsEntry.F32("d.weight", [2, 3], weights),
                SafetensorsEntry.F32("d.scale", [], scalar),
                SafetensorsEntry.F32("empty", [0, 4], ReadOnlyMemory<float>.Empty),
                SafetensorsEntry.I64("step", [1], new long[] { 100 }),
            ],
            metadata);
        var file = Safetensors.Read(path);

        CollectionAssert.AreEqual(ToBits(weights), ToBits(file.GetFloats("d.weight", [2, 3])));
        CollectionAssert.AreEqual(scalar, file.GetFloats("d.scale", []));
        Assert.IsEmpty(file.GetFloats("empty", [0, 4]));
        Assert.AreEqual(100, file.GetInt64s("step")[0]);
        CollectionAssert.AreEquivalent(metadata.ToArray(), file.Metadata.ToArray());
        Assert.AreEqual("d.weight,d.scale,empty,step", string.Join(",", file.Tensors.Select(t => t.Name)));
        Assert.IsFalse(File.Exists(path + ".tmp"));
        Assert.AreEqual(0, ReadHeaderLength(path) % 8);
    }

    [TestMethod]
    public void TupleOverloadWritesF32AndReplacesAnExistingFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("model.safetensors");
        File.WriteAllText(path, "old contents");

        Safetensors.Write(path, [("w", Dims(2), new ReadOnlyMemory<float>([1f, 2f]))], null);

        Assert.AreEqual(2f, Safetensors.Read(path).GetFloats("w")[1]);
        Assert.AreEqual(1, Directory.GetFiles(temp.Path).Length);
    }

    [TestMethod]
    public void HeaderIsStandardJson()
    {
        using var temp = new TempDirectory();
        var path = temp.File("a.safetensors");
        Safetensors.Write(path, [("a", Dims(1, 2), new ReadOnlyMemory<float>([1f, 2f])), ("b", Dims(1), new ReadOnlyMemory<float>([3f]))], null);
        var bytes = File.ReadAllBytes(path);

        using var json = JsonDocument.Parse(bytes.AsMemory(8, (int)ReadHeaderLength(path)));

        Assert.AreEqual("F32", json.RootElement.GetProperty("b").GetProperty("dtype").GetString());
        Assert.AreEqual(8, json.RootElement.GetProperty("b").GetProperty("data_offsets")[0].GetInt32());
        Assert.AreEqual(12, json.RootElement.GetProperty("b").GetProperty("data_offsets")[1].GetInt32());
    }

    [TestMethod]
    public void WriterRefusesInconsistentTensors()
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.safetensors");

        var mismatch = Assert.ThrowsExactly<ArgumentException>(() => Safetensors.Write(path, [("w", Dims(2, 2), new ReadOnlyMemory<float>([1f]))], null));
        Assert.ThrowsExactly<ArgumentException>(() => Safetensors.Write(path, [("w", Dims(1), new ReadOnlyMemory<float>([1f])), ("w", Dims(1), new ReadOnlyMemory<float>([1f]))], null));

        StringAssert.Contains(mismatch.Message, "tensor 'w' has 1 values but shape [2, 2] needs 4");
        Assert.IsEmpty(Directory.GetFiles(temp.Path));
    }

    [TestMethod]
    public void LookupsNameWhatIsWrong()
    {
        using var temp = new TempDirectory();
        var path = temp.File("m.safetensors");
        Safetensors.Write(path, [("w", Dims(2), new ReadOnlyMemory<float>([1f, 2f]))], null);
        var file = Safetensors.Read(path);

        Assert.AreEqual("m.safetensors: has no tensor 'v'", Assert.ThrowsExactly<CheckpointFormatException>(() => file.GetFloats("v")).Message);
        Assert.AreEqual("m.safetensors: tensor 'w' is F32, expected I64", Assert.ThrowsExactly<CheckpointFormatException>(() => file.GetInt64s("w")).Message);
        Assert.AreEqual(
            "m.safetensors: tensor 'w' has shape [2], expected [1, 2]", Assert.ThrowsExactly<CheckpointFormatException>(() => file.GetFloats("w", [1, 2])).Message);
    }

    internal static long ReadHeaderLength(string path) =>
        (long)BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));

    /// <summary>Writes a hand-made file: the JSON header (padded to 8) followed by <paramref name="dataBytes"/> zero bytes.</summary>
    internal static void WriteRaw(string path, string json, int dataBytes, ulong? claimedHeaderLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var padded = (header.Length + 7) / 8 * 8;
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, claimedHeaderLength ?? (ulong)padded);
        stream.Write(length);
        stream.Write(header);
        stream.Write(Enumerable.Repeat((byte)' ', padded - header.Length).ToArray());
        stream.Write(new byte[dataBytes]);
    }

    // A params call, so each test states shapes inline without CA1861's constant-array warning.
    private static int[] Dims(params int[] dims) => dims;

    private static int[] ToBits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
