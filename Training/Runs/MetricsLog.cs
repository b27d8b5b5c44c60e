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

    public void Dispose() => writer.Dispose();
}
