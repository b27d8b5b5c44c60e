using System.Globalization;

namespace Ssgan.Training.Runs;

/// <summary>The numbers beside a comparison's picture, one row per run, as plain aligned text.</summary>
public static class ComparisonTable
{
    public static readonly string[] Headers = ["run", "preset", "seed", "labels", "steps", "last eval", "raw", "averaged", "wall time"];

    /// <summary>One row of cells per run, in <see cref="Headers"/> order; "—" where a run has no such number.</summary>
    public static List<string[]> Rows(IReadOnlyList<ComparedRun> runs) =>
        [.. runs.Select(r => new[]
        {
            r.Name,
            (r.Preset ?? "—") + (r.Baseline ? ", baseline" : ""),
            r.Seed.ToString(CultureInfo.InvariantCulture),
            r.Labels.ToString(CultureInfo.InvariantCulture),
            r.StepsDone.ToString(CultureInfo.InvariantCulture),
            r.LastEvaluationStep?.ToString(CultureInfo.InvariantCulture) ?? "—",
            Percent(r.FinalRaw),
            Percent(r.FinalAveraged),
            r.ElapsedSeconds is { } s ? Clock(s) : "—",
        })];

    public static string Render(IReadOnlyList<ComparedRun> runs)
    {
        var rows = Rows(runs);
        var widths = Headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd();
        var text = new System.Text.StringBuilder();
        text.AppendLine(Line(Headers));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row));
        }

        // Said once under the table, because "final" is easily read as "best".
        text.AppendLine("raw, averaged: test accuracy at the last evaluation (not the best); wall time: elapsed_seconds of the last row");
        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("P2", CultureInfo.InvariantCulture) : "—";

    private static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}");
    }
}
