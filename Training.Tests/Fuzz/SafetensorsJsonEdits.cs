using System.Text.RegularExpressions;
using Ssgan.Engine;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>
/// JSON-aware edits of a safetensors header, on Latin-1 text so each char is one byte and raw invalid UTF-8 can
/// be planted. Each edit targets one check the parser must make: number ranges, dtypes, structure, keys, encoding.
/// </summary>
internal static partial class SafetensorsJsonEdits
{
    private static readonly string[] Numbers =
    [
        "-1", "0", "-0", "2147483647", "2147483648", "4294967296", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "1000000000000", "4000000000000", "1e12", "1.5", "1e400", "99999999999999999999999999", "00", "0x10",
    ];

    private static readonly string[] Dtypes = ["F32", "I64", "F16", "BF16", "F64", "I32", "U8", "BOOL", "", "f32", "F32 ", "F3\\u0032"];

    private static readonly string[] Values =
    [
        "[]", "[1]", "[0,0,0]", "\"x\"", "null", "{}", "true", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]", "[-1,-1]",
        "[1000000,1000000]", "[0,1e400]", new string('[', 70) + new string(']', 70),
    ];

    // Escapes the parser must decode, raw control and non-UTF-8 bytes it must refuse, and a UTF-8 byte order mark.
    private static readonly string[] StringBits =
        ["\\u0000", "\\n", "\\u2028", "\u0001", "\u00FF", "\u00C3", "\u00ED\u00A0\u0080", "\\ud800", "\\u", "\\", "\u00EF\u00BB\u00BF"];

    private static readonly long[] OffsetShifts = [-8, -4, 4, 8, 1L << 31, 1L << 62];

    private static readonly string[] Tails = ["x", "}", "{}", "]", "\u0000"];

    public static (string Text, string Description) Apply(string text, Rng rng)
    {
        switch (rng.Next(11))
        {
            case 0:
                return ReplaceOne(text, NumberToken(), rng, _ => Numbers[rng.Next(Numbers.Length)], "number");
            case 1:
                return ReplaceOne(text, DtypeToken(), rng, _ => $"\"{Dtypes[rng.Next(Dtypes.Length)]}\"", "dtype");
            case 2:
                return ReplaceOne(text, Structural(), rng, _ => "", "structural char");
            case 3:
                var at = rng.Next(text.TrimEnd().Length + 1);
                var inserted = "{}[]:,\""[rng.Next(7)];
                return (text.Insert(at, inserted.ToString()), $"insert '{inserted}' at {at}");
            case 4:
                var strings = StringToken().Matches(text);
                return ReplaceOne(text, StringToken(), rng, _ => strings[rng.Next(strings.Count)].Value, "string");
            case 5:
                return ReplaceOne(text, FlatArray(), rng, _ => Values[rng.Next(Values.Length)], "array");
            case 6:
                return ReplaceOne(text, StringToken(), rng, s => s.Insert(rng.Next(1, s.Length), StringBits[rng.Next(StringBits.Length)]), "inside string");
            case 7:
                var entries = Entry().Matches(text);
                var entry = entries[rng.Next(entries.Count)];
                return rng.Next(2) == 0
                    ? (text.Insert(entry.Index + entry.Length, "," + entry.Value), $"duplicate entry at {entry.Index}")
                    : (text.Remove(entry.Index, entry.Length), $"remove entry at {entry.Index}");
            case 9:
                // Moving both ends keeps the span right for the shape, so only the layout checks (gap, overlap,
                // past the end) can catch it; editing one number alone never gets past the size check.
                var delta = OffsetShifts[rng.Next(OffsetShifts.Length)];
                return ReplaceOne(text, OffsetPair(), rng, pair => ShiftPair(pair, delta), $"data_offsets shifted by {delta}");
            case 10:
                // Flat objects are the metadata and each tensor entry; the root header object comes with them.
                return rng.Next(8) == 0
                    ? (Values[rng.Next(Values.Length)], "whole header replaced by a non-object")
                    : ReplaceOne(text, FlatObject(), rng, _ => Values[rng.Next(Values.Length)], "object");
            default:
                var tail = Tails[rng.Next(Tails.Length)];
                return (text.TrimEnd() + tail, $"trailing '{tail}' after the object");
        }
    }

    private static (string, string) ReplaceOne(string text, Regex pattern, Rng rng, Func<string, string> replacement, string what)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return (text + "x", $"no {what} to edit; trailing 'x'");
        }

        var match = matches[rng.Next(matches.Count)];
        var value = replacement(match.Value);
        return (text[..match.Index] + value + text[(match.Index + match.Length)..], $"{what} at {match.Index}: {match.Value} -> {Visible(value)}");
    }

    private static string ShiftPair(string pair, long delta)
    {
        var numbers = NumberToken().Matches(pair);
        return $"[{long.Parse(numbers[0].Value) + delta},{long.Parse(numbers[1].Value) + delta}]";
    }

    private static string Visible(string text) => text.Length > 24 ? $"{text[..12]}…({text.Length} chars)" : Regex.Escape(text);

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex NumberToken();

    [GeneratedRegex("\"(F32|I64)\"")]
    private static partial Regex DtypeToken();

    [GeneratedRegex("[{}\\[\\]:,\"]")]
    private static partial Regex Structural();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex StringToken();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex FlatArray();

    [GeneratedRegex(@"(?<=""data_offsets"":)\[\d+,\d+\]")]
    private static partial Regex OffsetPair();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex FlatObject();

    [GeneratedRegex("\"[^\"]+\":\\{[^{}]*\\}")]
    private static partial Regex Entry();
}
