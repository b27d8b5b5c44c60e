using System.Buffers.Binary;
using System.Text;
using Ssgan.Engine;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// Mutates safetensors files: the 8-byte header length, the JSON header (byte edits and JSON-aware edits), the data
/// section, or the file as a whole. Edits that change the header's size usually fix the length prefix too, since a
/// stale prefix is rejected at once and would keep the mutation from ever reaching the JSON checks.
/// </summary>
internal static class SafetensorsMutator
{
    private static readonly ulong[] InterestingLengths =
        [0, 1, 7, 8, 100UL << 20, (100UL << 20) + 1, 1UL << 31, 1UL << 32, 1UL << 62, 1UL << 63, ulong.MaxValue];

    public static Mutant Mutate(FuzzInput input, Rng rng)
    {
        var bytes = input.Bytes;
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = bytes[8..(8 + headerLength)];
        var data = bytes[(8 + headerLength)..];
        switch (rng.Next(20))
        {
            case < 3:
                return SetHeaderLength(bytes, headerLength, rng);
            case < 7:
                var edit = ByteMutations.Any(header, rng);
                return Assemble(edit.Bytes, data, headerLength, rng, $"header bytes: {edit.Description}");
            case < 14:
                var (text, what) = SafetensorsJsonEdits.Apply(Encoding.Latin1.GetString(header), rng);
                return Assemble(Encoding.Latin1.GetBytes(text), data, headerLength, rng, what);
            case < 16:
                var dataEdit = ByteMutations.Any(data, rng);
                return new Mutant([.. bytes[..(8 + headerLength)], .. dataEdit.Bytes], $"data section: {dataEdit.Description}");
            case < 18:
                return ByteMutations.Any(bytes, rng);
            default:
                var (first, firstWhat) = SafetensorsJsonEdits.Apply(Encoding.Latin1.GetString(header), rng);
                var then = ByteMutations.Any(Assemble(Encoding.Latin1.GetBytes(first), data, headerLength, rng, "").Bytes, rng);
                return then with { Description = $"{firstWhat} + whole file: {then.Description}" };
        }
    }

    private static Mutant SetHeaderLength(byte[] bytes, int headerLength, Rng rng)
    {
        var value = rng.Next(4) switch
        {
            0 => InterestingLengths[rng.Next(InterestingLengths.Length)],
            1 => (ulong)(headerLength + rng.Next(-8, 9)),
            2 => (ulong)(bytes.Length - 8 + rng.Next(-1, 2)),
            _ => rng.NextUInt64(),
        };
        var copy = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, value);
        return new Mutant(copy, $"header length {headerLength} -> {value}");
    }

    private static Mutant Assemble(byte[] header, byte[] data, int oldLength, Rng rng, string what)
    {
        var keepStale = header.Length != oldLength && rng.Next(10) == 0;
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, keepStale ? (ulong)oldLength : (ulong)header.Length);
        return new Mutant([.. prefix, .. header, .. data], keepStale ? $"{what} (stale length prefix {oldLength})" : what);
    }
}
