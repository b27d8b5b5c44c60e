using System.Text;
using System.Text.RegularExpressions;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>Tallies of a campaign, the first failures in full, and which rejection messages were reached.</summary>
internal sealed partial class FuzzReport
{
    private const int KeptFailures = 12;
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, int> _rejections = new(StringComparer.Ordinal);

    public int Loaded { get; private set; }

    public int Rejected { get; private set; }

    public int Failed { get; private set; }

    public int Total => Loaded + Rejected + Failed;

    public long MaxAllocatedBytes { get; private set; }

    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Distinct rejection reasons, numbers blanked, so a log shows which checks the mutations reached.</summary>
    public IReadOnlyDictionary<string, int> RejectionKinds => _rejections;

    public void Add(ulong caseSeed, FuzzInput input, Mutant mutant, FuzzResult result)
    {
        MaxAllocatedBytes = Math.Max(MaxAllocatedBytes, result.AllocatedBytes);
        switch (result.Verdict)
        {
            case FuzzVerdict.Loaded:
                Loaded++;
                break;
            case FuzzVerdict.Rejected:
                Rejected++;
                var kind = Kind(result.Detail[(input.FileName.Length + 2)..]);
                _rejections[kind] = _rejections.GetValueOrDefault(kind) + 1;
                break;
            default:
                Failed++;
                if (_failures.Count < KeptFailures)
                {
                    _failures.Add($"case seed {caseSeed} ({input.FileName}, {mutant.Bytes.Length} bytes; {mutant.Description}): {result.Detail}");
                }

                break;
        }
    }

    public string Summary() =>
        $"{Total} cases: {Loaded} loaded, {Rejected} rejected ({_rejections.Count} distinct reasons), {Failed} failed; " +
        $"max {MaxAllocatedBytes} bytes allocated by one read";

    public string Describe()
    {
        var text = new StringBuilder(Summary()).AppendLine();
        foreach (var failure in _failures)
        {
            text.Append("  FAIL ").AppendLine(failure);
        }

        foreach (var (kind, count) in _rejections.OrderByDescending(r => r.Value))
        {
            text.Append($"  {count,6} × ").AppendLine(kind);
        }

        return text.ToString();
    }

    /// <summary>Fails the test with every kept failure (each replayable from its case seed) when any case failed.</summary>
    public void AssertClean()
    {
        if (Failed > 0)
        {
            Assert.Fail($"{Failed} of {Total} fuzz cases failed; replay one with FuzzCampaign.Run(caseSeed, 1, ...).{Environment.NewLine}{Describe()}");
        }
    }

    /// <summary>The check behind a message: numbers, names, dtypes, lists and quoted bytes blanked, JSON parser detail cut short.</summary>
    private static string Kind(string message)
    {
        var kind = Quoted().Replace(Digits().Replace(message, "#"), "_");
        return kind[..Math.Min(kind.Length, kind.StartsWith("malformed header JSON", StringComparison.Ordinal) ? 21 : 48)];
    }

    [GeneratedRegex("0x[0-9A-F]+|[0-9]+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"'[^']*'|\[[^\]]*\]|(?<=dtype )[^;]*(?=;)|(?<=starts with )[^,]*(?=,)")]
    private static partial Regex Quoted();
}
