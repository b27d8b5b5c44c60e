using System.Buffers.Binary;
using Ssgan.Engine;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>Format-agnostic mutations. Each returns a new array and says exactly what it did, offsets included.</summary>
internal static class ByteMutations
{
    /// <summary>Sizes that sit on the boundaries readers get wrong: zero, sign bits, int/uint limits, Array.MaxLength.</summary>
    public static readonly uint[] InterestingU32 =
        [0, 1, 2, 7, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 1_000_000, 0x7FFFFFC7, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];

    public static Mutant Any(byte[] bytes, Rng rng) => rng.Next(7) switch
    {
        0 => FlipBits(bytes, rng),
        1 => Overwrite(bytes, rng),
        2 => Truncate(bytes, rng),
        3 => Append(bytes, rng),
        4 => Insert(bytes, rng),
        5 => Delete(bytes, rng),
        _ => FlipBits(bytes, rng, maxFlips: 1),
    };

    public static Mutant FlipBits(byte[] bytes, Rng rng, int maxFlips = 8)
    {
        if (bytes.Length == 0)
        {
            return Append(bytes, rng);
        }

        var copy = (byte[])bytes.Clone();
        var flips = new List<string>();
        for (var n = rng.Next(1, maxFlips + 1); n > 0; n--)
        {
            var (at, bit) = (rng.Next(copy.Length), rng.Next(8));
            copy[at] ^= (byte)(1 << bit);
            flips.Add($"{at}.{bit}");
        }

        return new Mutant(copy, $"flip bits {string.Join(' ', flips)}");
    }

    public static Mutant Overwrite(byte[] bytes, Rng rng)
    {
        if (bytes.Length == 0)
        {
            return Append(bytes, rng);
        }

        var copy = (byte[])bytes.Clone();
        var writes = new List<string>();
        for (var n = rng.Next(1, 9); n > 0; n--)
        {
            var at = rng.Next(copy.Length);

            // Extremes a third of the time: 0x00 and 0xFF are what corrupt sizes and labels most often look like.
            copy[at] = rng.Next(3) == 0 ? (rng.Next(2) == 0 ? (byte)0 : (byte)0xFF) : (byte)rng.Next(256);
            writes.Add($"{at}={copy[at]:X2}");
        }

        return new Mutant(copy, $"overwrite {string.Join(' ', writes)}");
    }

    public static Mutant Truncate(byte[] bytes, Rng rng)
    {
        // Empty and near-empty files get their own share: they are the start-of-file edge cases.
        var length = rng.Next(8) == 0 ? rng.Next(Math.Min(bytes.Length, 3)) : rng.Next(Math.Max(bytes.Length, 1));
        return new Mutant(bytes[..Math.Min(length, bytes.Length)], $"truncate to {length} of {bytes.Length}");
    }

    public static Mutant Append(byte[] bytes, Rng rng)
    {
        var extra = new byte[rng.Next(1, 65)];
        rng.NextBytes(extra);
        return new Mutant([.. bytes, .. extra], $"append {extra.Length} random bytes");
    }

    public static Mutant Insert(byte[] bytes, Rng rng)
    {
        var at = rng.Next(bytes.Length + 1);
        var extra = new byte[rng.Next(1, 17)];
        rng.NextBytes(extra);
        return new Mutant([.. bytes.AsSpan(0, at), .. extra, .. bytes.AsSpan(at)], $"insert {Convert.ToHexString(extra)} at {at}");
    }

    public static Mutant Delete(byte[] bytes, Rng rng)
    {
        if (bytes.Length == 0)
        {
            return Append(bytes, rng);
        }

        var at = rng.Next(bytes.Length);
        var count = Math.Min(rng.Next(1, 17), bytes.Length - at);
        return new Mutant([.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + count)], $"delete {count} bytes at {at}");
    }

    /// <summary>Sets the big-endian u32 at <paramref name="offset"/> to a boundary value, a random one, or a near miss.</summary>
    public static Mutant SetU32BigEndian(byte[] bytes, int offset, string field, Rng rng)
    {
        var copy = (byte[])bytes.Clone();
        var old = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan(offset));
        var value = rng.Next(3) switch
        {
            0 => InterestingU32[rng.Next(InterestingU32.Length)],
            1 => (uint)rng.NextInt64(0, 1L << 32),
            _ => unchecked(old + (uint)rng.Next(-2, 3)),
        };
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(offset), value);
        return new Mutant(copy, $"set {field} (offset {offset}) 0x{old:X8} -> 0x{value:X8}");
    }

    /// <summary>Applies 2–3 mutations drawn from <paramref name="one"/>, each to the previous one's output.</summary>
    public static Mutant Stack(byte[] bytes, Rng rng, Func<byte[], Rng, Mutant> one)
    {
        var current = new Mutant(bytes, "");
        var steps = new List<string>();
        for (var n = rng.Next(2, 4); n > 0; n--)
        {
            current = one(current.Bytes, rng);
            steps.Add(current.Description);
        }

        return current with { Description = string.Join(" + ", steps) };
    }
}
