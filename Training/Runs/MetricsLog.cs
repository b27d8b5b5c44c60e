using System.Globalization;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>
/// metrics.csv: one row per step (losses, and the test accuracy on evaluation steps, of the raw and, with EMA, of
/// the averaged weights), flushed as written so a killed run loses at most the rows after its last checkpoint,
/// which a resume rewrites. Runs made before the averaged column keep their 9-column rows.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    public const string Header = "step,epoch,supervised_loss,supervised_accuracy,real_loss,fake_loss,generator_loss,test_accuracy,elapsed_seconds,test_accuracy_ema";

    /// <summary>Column indexes of <see cref="Header"/>.</summary>
    public const int StepColumn = 0, TestAccuracyColumn = 7, ElapsedColumn = 8, AveragedAccuracyColumn = 9;
    private readonly StreamWriter writer;

    private MetricsLog(StreamWriter writer) => this.writer = writer;

    public static MetricsLog CreateNew(string path)
    {
        var w = new StreamWriter(path, append: false);
        w.WriteLine(Header);
        w.Flush();
        return new MetricsLog(w);
    }

    /// <summary>Keeps the rows up to <paramref name="step"/> (the checkpoint's) and returns the last kept elapsed time.</summary>
    public static (MetricsLog Log, double ElapsedSeconds) ResumeAt(string path, int step)
    {
        var kept = new List<string> { Header };
        var elapsed = 0.0;
        if (File.Exists(path))
        {
            var number = 1;
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                number++;
                var cells = line.Split(',');
                if (cells.Length >= 9 && int.TryParse(cells[0], CultureInfo.InvariantCulture, out var s) && s <= step)
                {
                    if (!double.TryParse(cells[8], NumberStyles.Float, CultureInfo.InvariantCulture, out elapsed) || !double.IsFinite(elapsed) || elapsed < 0)
                    {
                        throw new RunSetupException($"{path}: line {number} (step {s}) has elapsed_seconds '{cells[8]}', not a number ≥ 0; the run's history is damaged");
                    }

                    kept.Add(line);
                }
            }
        }

        TrainerCheckpoint.WriteAtomically(path, string.Join('\n', kept) + "\n");
        return (new MetricsLog(new StreamWriter(path, append: true)), elapsed);
    }

    public void Append(int step, int epoch, StepLosses l, double? testAccuracy, double? averagedAccuracy, double elapsedSeconds)
    {
        static string F(float v) => float.IsNaN(v) ? "" : v.ToString("G7", CultureInfo.InvariantCulture);
        writer.WriteLine(string.Join(',',
            step.ToString(CultureInfo.InvariantCulture),
            epoch.ToString(CultureInfo.InvariantCulture),
            F(l.Supervised),
            F(l.SupervisedAccuracy),
            F(l.Real),
            F(l.Fake),
            F(l.Generator),
            testAccuracy?.ToString("G6", CultureInfo.InvariantCulture) ?? "",
            elapsedSeconds.ToString("F3", CultureInfo.InvariantCulture),
            averagedAccuracy?.ToString("G6", CultureInfo.InvariantCulture) ?? ""));
        writer.Flush();
    }

    /// <summary>Column <paramref name="column"/> of a row read by <see cref="Read"/>, NaN when the row is shorter.</summary>
    public static double Cell(double[] row, int column) => column < row.Length ? row[column] : double.NaN;

    /// <summary>Reads metrics.csv back as (step, column values) for plotting.</summary>
    public static List<double[]> Read(string path)
    {
        var rows = new List<double[]>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            var row = new double[cells.Length];
            for (var i = 0; i < cells.Length; i++)
            {
                row[i] = double.TryParse(cells[i], CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Like <see cref="Read"/>, for commands that report a run's numbers (compare): refuses, naming the line and the
    /// cell, a header that is not ours, a row of another width, a cell that is neither empty nor a number, a step
    /// that does not increase, an accuracy outside 0–1 or a negative elapsed time. A last line still being written
    /// by a live run (no newline yet) is left out.
    /// </summary>
    public static List<double[]> ReadChecked(string path)
    {
        IO.RegularFile.Require(path, problem => new RunSetupException(problem));
        var bytes = new FileInfo(path).Length;
        if (bytes > Limits.MaxMetricsBytes)
        {
            throw new RunSetupException($"{path}: {bytes:N0} bytes, more than the {Limits.MaxMetricsBytes:N0} a metrics log may have");
        }

        string text;
        using (var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)))
        {
            text = reader.ReadToEnd();
        }

        var lines = text[..(text.LastIndexOf('\n') + 1)].Split('\n')[..^1];
        var names = lines.Length > 0 ? lines[0].TrimEnd('\r').Split(',') : [];
        if (names.Length is < ElapsedColumn + 1 or > AveragedAccuracyColumn + 1 || !Header.StartsWith(string.Join(',', names), StringComparison.Ordinal))
        {
            throw new RunSetupException($"{path}: header '{(lines.Length > 0 ? lines[0] : "")}' is not metrics.csv's ({Header}, or its first 9 columns)");
        }

        var rows = new List<double[]>();
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].TrimEnd('\r').Split(',');
            var where = $"{path}: line {i + 1}";
            if (cells.Length != names.Length)
            {
                throw new RunSetupException($"{where} has {cells.Length} cells, the header {names.Length}; the run's history is damaged");
            }

            var row = new double[cells.Length];
            for (var c = 0; c < cells.Length; c++)
            {
                row[c] = cells[c].Length == 0 ? double.NaN
                    : double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                    : throw new RunSetupException($"{where} has {names[c]} '{cells[c]}', not a number; the run's history is damaged");
            }

            CheckRow(where, row, rows.Count > 0 ? rows[^1][StepColumn] : 0);
            rows.Add(row);
        }

        return rows;
    }

    private static void CheckRow(string where, double[] row, double previousStep)
    {
        var step = row[StepColumn];
        if (!(step > previousStep) || step != Math.Floor(step))
        {
            throw new RunSetupException($"{where} has step {step}, not a whole number after the previous row's {previousStep}; the run's history is damaged");
        }

        foreach (var (column, name) in new[] { (TestAccuracyColumn, "test_accuracy"), (AveragedAccuracyColumn, "test_accuracy_ema") })
        {
            if (Cell(row, column) is < 0 or > 1)
            {
                throw new RunSetupException($"{where} (step {step}) has {name} {row[column]}, outside 0–1; the run's history is damaged");
            }
        }

        if (row[ElapsedColumn] < 0)
        {
            throw new RunSetupException($"{where} (step {step}) has elapsed_seconds {row[ElapsedColumn]}, below 0; the run's history is damaged");
        }
    }

    public void Dispose() => writer.Dispose();
}
