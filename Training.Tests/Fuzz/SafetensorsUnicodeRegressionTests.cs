using System.Buffers.Binary;
using System.Text;
using Ssgan.Training.Checkpoints;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// The first fuzz run found header strings that JsonDocument parses but cannot decode (invalid UTF-8, unpaired
/// surrogate escapes) escaping Safetensors.Read as InvalidOperationException (case seeds 10166, 10193 and 20504 of the
/// first mutator version). Pinned here as bytes, since case seeds map to different mutants once the mutator changes.
/// </summary>
[TestClass]
[TestCategory("Fuzz")]
public sealed class SafetensorsUnicodeRegressionTests
{
    [TestMethod]
    [DataRow("{\"w\u00FF\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", DisplayName = "invalid UTF-8 in a tensor name")]
    [DataRow("{\"w\":{\"dtype\":\"F\u00C3\",\"shape\":[1],\"data_offsets\":[0,4]}}", DisplayName = "truncated UTF-8 sequence in a dtype")]
    [DataRow("{\"w\":{\"dtype\":\"\\ud800F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", DisplayName = "unpaired high surrogate escape in a dtype")]
    [DataRow("{\"__metadata__\":{\"note\":\"\\udc00\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", DisplayName = "unpaired low surrogate escape in metadata")]
    [DataRow("{\"__metadata__\":{\"n\u00ED\u00A0\u0080\":\"x\"},\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", DisplayName = "UTF-8-encoded surrogate in a metadata key")]
    public void UndecodableHeaderStringsAreFormatErrors(string latin1Json)
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad-unicode.safetensors");

        // Latin-1 so each \u00NN above becomes exactly that byte: the invalid UTF-8 the JSON reader must see.
        var header = Encoding.Latin1.GetBytes(latin1Json);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        File.WriteAllBytes(path, [.. prefix, .. header, .. new byte[4]]);

        var error = Assert.ThrowsExactly<CheckpointFormatException>(() => Safetensors.Read(path));

        StringAssert.StartsWith(error.Message, "bad-unicode.safetensors: header JSON has a string that is not valid Unicode");
    }
}
