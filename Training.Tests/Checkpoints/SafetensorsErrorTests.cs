using Ssgan.Training.Checkpoints;

namespace Ssgan.Training.Tests.Checkpoints;

[TestClass]
public sealed class SafetensorsErrorTests
{
    private const string W = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""";

    [TestMethod]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""", 8, "malformed header JSON")]
    [DataRow("""[1, 2]""", 0, "header JSON is a Array, expected an object")]
    [DataRow("""{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}""", 4, "tensor 'w' has dtype F16; only F32 and I64 are supported")]
    [DataRow("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "tensor 'w' shape [3] of F32 needs 12 bytes but data_offsets span 8")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2, -1],"data_offsets":[0,8]}}""", 8, "tensor 'w' shape [2, -1] has a dimension that is not an integer")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "tensor 'w' data_offsets [8, 0] is not two non-negative integers")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2]}}""", 8, "tensor 'w' lacks 'data_offsets' as a JSON Array")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 5, "tensor 'w' data_offsets [0, 8] run past the 5-byte data section (truncated file?)")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensor 'v' at byte 4 overlaps 'w', which ends at 8")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"v":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16, "gap of 4 bytes before tensor 'v' (begins at 12, previous data ends at 8)")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 12, "data section is 12 bytes but the tensors cover only 8")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "header names 'w' twice")]
    [DataRow("""{"__metadata__":{"step":3}}""", 0, "metadata 'step' is a Number, expected a string")]
    [DataRow("""{"w":{"dtype":"F32","shape":[1000000000, 1000000000],"data_offsets":[0,8]}}""", 8, "tensor 'w' shape [1000000000, 1000000000] of F32 needs")]
    public void MalformedHeadersAreRejected(string json, int dataBytes, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.safetensors");
        SafetensorsTests.WriteRaw(path, json, dataBytes);

        var error = Assert.ThrowsExactly<CheckpointFormatException>(() => Safetensors.Read(path));

        StringAssert.StartsWith(error.Message, "bad.safetensors: " + expected);
        Assert.DoesNotContain("\n", error.Message);
    }

    [TestMethod]
    public void MissingFileIsRejected()
    {
        var error = Assert.ThrowsExactly<CheckpointFormatException>(() => Safetensors.Read("/nonexistent/model.safetensors"));
        StringAssert.StartsWith(error.Message, "model.safetensors: file not found");
    }

    [TestMethod]
    public void TooShortFileIsRejected()
    {
        using var temp = new TempDirectory();
        var path = temp.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);

        var error = Assert.ThrowsExactly<CheckpointFormatException>(() => Safetensors.Read(path));

        Assert.AreEqual("short.safetensors: file is 3 bytes, too short for the 8-byte header length", error.Message);
    }

    [TestMethod]
    [DataRow(1000UL, "header length 1000 is larger than the 64 bytes after it")]
    [DataRow(1UL << 40, "header length 1099511627776 exceeds the 104857600-byte cap")]
    public void HeaderLengthIsCheckedBeforeAllocating(ulong claimed, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.File("big.safetensors");
        SafetensorsTests.WriteRaw(path, W + "}", 8, claimed);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.ThrowsExactly<CheckpointFormatException>(() => Safetensors.Read(path));

        Assert.AreEqual("big.safetensors: " + expected, error.Message);
        Assert.IsLessThan(1L << 20, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
