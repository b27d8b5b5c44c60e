using System.CommandLine;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan compare`: several runs' test accuracy against steps in one PNG, and their final numbers as a table.</summary>
internal static class CompareCommand
{
    public static Command Create(CliSession session)
    {
        var runs = new Argument<string[]>("RUN_DIR")
        {
            Description = $"Run directories (1–{Limits.MaxComparedRuns}); only their config.json and metrics.csv are read.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out")
        {
            Description = "PNG file to write (replaced if it exists, as generate's; never inside one of the runs).",
            HelpName = "FILE.png",
            Required = true,
        };
        var title = new Option<string?>("--title") { Description = "Title over the chart. Default: \"Test accuracy (10,000 MNIST test images)\".", HelpName = "T" };
        var averaged = new Option<bool>("--averaged") { Description = "Each run's averaged-weights accuracy, or its raw one when it kept no average (the default)." };
        var raw = new Option<bool>("--raw") { Description = "Each run's raw-weights accuracy." };
        var both = new Option<bool>("--both") { Description = "Both: the raw curve dashed, in the run's colour." };
        var labels = new Option<string?>("--labels")
        {
            Description = "Names for the runs in the legend and table, comma-separated, one per RUN_DIR in order. Default: each directory's own name.",
            HelpName = "NAME,...",
        };
        var command = new Command(
            "compare",
            "Draw the learning curves (test accuracy against steps) of several runs in one PNG and print each run's preset, "
            + "seed, labels, steps and the accuracy of its LAST evaluation (not its best), raw and averaged. Nothing is written into the runs.")
        {
            runs, output, title, averaged, raw, both, labels,
        };
        command.SetAction(p =>
        {
            var chosen = new[] { (averaged, ComparedWeights.Averaged), (raw, ComparedWeights.Raw), (both, ComparedWeights.Both) }
                .Where(o => p.GetValue(o.Item1)).ToList();
            if (chosen.Count > 1)
            {
                throw new ArgumentException($"--averaged, --raw and --both exclude each other; got {string.Join(" and ", chosen.Select(o => o.Item1.Name))}");
            }

            var directories = p.GetValue(runs)!;
            var png = p.GetValue(output)!;
            CheckOutput(png, directories);
            var names = p.GetValue(labels)?.Split(',');
            var compared = RunComparison.Read(directories, names);
            var weights = chosen.Count == 1 ? chosen[0].Item2 : ComparedWeights.Averaged;
            RunComparison.Save(png, compared, weights, p.GetValue(title));
            session.Out.Write(ComparisonTable.Render(compared));
            session.Out.WriteLine($"wrote {png} ({compared.Count} runs, {weights.ToString().ToLowerInvariant()} weights)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Refuses a directory as --out, and any path inside a compared run: compare only reads runs.</summary>
    private static void CheckOutput(string png, IEnumerable<string> directories)
    {
        var full = Path.GetFullPath(png);
        if (Directory.Exists(full))
        {
            throw new CliException(ExitCodes.OutputDirectory, $"--out {png}: is a directory; give a PNG file name");
        }

        foreach (var dir in directories)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)) + Path.DirectorySeparatorChar;
            if (full.StartsWith(root, StringComparison.Ordinal))
            {
                throw new CliException(ExitCodes.OutputDirectory, $"--out {png}: is inside the run {dir}; compare never writes into a run, choose a file outside it");
            }
        }
    }
}
