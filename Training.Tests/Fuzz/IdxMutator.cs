using Ssgan.Engine;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// Mutates IDX files. An input named *.gz holds the raw IDX bytes and is written gzip'd: either the IDX is mutated
/// and then compressed (reaching the header checks through the gzip path), or the compressed stream itself is
/// corrupted (reaching the decompressor's error paths).
/// </summary>
internal static class IdxMutator
{
    private static readonly string[] FieldNames = ["magic", "count", "rows", "cols"];

    public static Mutant Mutate(FuzzInput input, Rng rng)
    {
        if (!input.FileName.EndsWith(".gz", StringComparison.Ordinal))
        {
            return MutateIdx(input.Bytes, rng);
        }

        if (rng.Next(5) < 3)
        {
            var inner = MutateIdx(input.Bytes, rng);
            return new Mutant(IdxFiles.Gzip(inner.Bytes), $"gzip({inner.Description})");
        }

        return CorruptGzip(IdxFiles.Gzip(input.Bytes), rng);
    }

    private static Mutant MutateIdx(byte[] raw, Rng rng) => rng.Next(10) switch
    {
        < 3 => SetHeaderField(raw, rng),
        < 8 => ByteMutations.Any(raw, rng),
        _ => ByteMutations.Stack(raw, rng, (bytes, r) => r.Next(3) == 0 ? SetHeaderField(bytes, r) : ByteMutations.Any(bytes, r)),
    };

    private static Mutant SetHeaderField(byte[] bytes, Rng rng)
    {
        // The magic's last byte is the dimension count: 3 for images, 1 for labels, hence 2 or 4 header fields.
        var fields = bytes.Length >= 4 && bytes[3] == 3 ? 4 : 2;
        var field = rng.Next(fields);
        return bytes.Length < (field + 1) * 4
            ? ByteMutations.Any(bytes, rng)
            : ByteMutations.SetU32BigEndian(bytes, field * 4, FieldNames[field], rng);
    }

    private static Mutant CorruptGzip(byte[] gzip, Rng rng)
    {
        // RFC 1952 layout: 10-byte header (1F 8B, method, flags, mtime, xfl, os), deflate body, CRC32, ISIZE.
        var copy = (byte[])gzip.Clone();
        switch (rng.Next(6))
        {
            case 0:
                copy[2] = (byte)rng.Next(256);
                return new Mutant(copy, $"gzip method byte = {copy[2]:X2}");
            case 1:
                // FEXTRA, FNAME, FCOMMENT, FHCRC and the reserved bits each make the decoder expect fields that are not there.
                copy[3] = (byte)(1 << rng.Next(1, 8));
                return new Mutant(copy, $"gzip flags = {copy[3]:X2}");
            case 2:
                var at = copy.Length - 8 + rng.Next(8);
                copy[at] ^= (byte)rng.Next(1, 256);
                return new Mutant(copy, $"gzip trailer (CRC32/ISIZE) byte {at} changed to {copy[at]:X2}");
            case 3:
                var body = ByteMutations.FlipBits(copy[10..^8], rng, maxFlips: 3);
                return new Mutant([.. copy[..10], .. body.Bytes, .. copy[^8..]], $"gzip deflate body {body.Description} (body offsets)");
            case 4:
                var second = IdxFiles.Gzip([(byte)rng.Next(256), (byte)rng.Next(256)]);
                return new Mutant([.. copy, .. second], "a second gzip member appended");
            default:
                var any = ByteMutations.Any(copy, rng);
                return any with { Description = $"gzip bytes: {any.Description}" };
        }
    }
}
