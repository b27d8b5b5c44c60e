using Ssgan.Engine;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>A valid file to start mutating from, with the name it is written under (a .gz suffix matters to IDX).</summary>
internal sealed record FuzzInput(string FileName, byte[] Bytes);

/// <summary>A mutated file and a human-readable account of what was done to it.</summary>
internal readonly record struct Mutant(byte[] Bytes, string Description);

/// <summary>Everything a campaign needs besides its seed and length.</summary>
internal sealed record FuzzTarget<TResult>(
    IReadOnlyList<FuzzInput> Inputs,
    Func<FuzzInput, Rng, Mutant> Mutate,
    Func<string, TResult> Read,
    Func<string, TResult, string?> Check,
    Func<byte[], long> AllocationBound);

/// <summary>
/// Runs many seeded mutations through <see cref="FuzzHarness"/>. Case i uses its own generator, new Rng(seed + i),
/// for both the choice of input and the mutation, so any reported case replays alone as Run(caseSeed, 1, ...).
/// </summary>
internal static class FuzzCampaign
{
    public static FuzzReport Run<TResult, TException>(ulong seed, int iterations, FuzzTarget<TResult> target)
        where TException : Exception
    {
        var report = new FuzzReport();
        using var temp = new TempDirectory();
        for (var i = 0; i < iterations; i++)
        {
            var caseSeed = seed + (ulong)i;
            var rng = new Rng(caseSeed);
            var input = target.Inputs[rng.Next(target.Inputs.Count)];
            var mutant = target.Mutate(input, rng);
            var path = temp.File(input.FileName);
            File.WriteAllBytes(path, mutant.Bytes);
            var result = FuzzHarness.Probe<TResult, TException>(path, target.Read, target.Check, target.AllocationBound(mutant.Bytes));
            report.Add(caseSeed, input, mutant, result);
        }

        return report;
    }

    /// <summary>The mutant case <paramref name="caseSeed"/> would produce, for replaying a reported failure by hand.</summary>
    public static (FuzzInput Input, Mutant Mutant) Replay<TResult>(ulong caseSeed, FuzzTarget<TResult> target)
    {
        var rng = new Rng(caseSeed);
        var input = target.Inputs[rng.Next(target.Inputs.Count)];
        return (input, target.Mutate(input, rng));
    }
}
