using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Ssgan.Cli.Display;
using Ssgan.Engine.Blas;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan train`: validate everything, then start or resume a run and show its progress.</summary>
internal static class TrainCommand
{
    public static Command Create(CliSession session, GlobalOptions global)
    {
        var options = new TrainOptions();
        var command = new Command(
            "train",
            "Train the semi-supervised GAN (or with --baseline the supervised-only classifier) into a run directory: "
            + "config.json, metrics.csv, samples/epoch-NNN.png, curves.png, checkpoints/, summary.json. "
            + "Ctrl-C or SIGTERM finishes the current step, writes a checkpoint and exits with 130/143; continue with --resume.");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(p => p.GetValue(options.Resume) is { } dir
            ? Resume(session, p, options, global, dir)
            : Start(session, p, options, global));
        return command;
    }

    private static int Start(CliSession session, ParseResult p, TrainOptions options, GlobalOptions global)
    {
        // Cheap checks first, so a typo never costs a data load; the run directory is only created at the end.
        var config = options.ToConfig(p);
        config.Validate();
        var outDir = p.GetValue(options.Out) ?? Path.Combine("runs", DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var force = p.GetValue(options.Force);
        RefuseExistingRun(outDir, force);
        var blas = BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
        var dataDir = p.GetValue(options.Data);
        var data = session.LoadData(dataDir);
        var runConfig = new RunConfig
        {
            Training = config,
            DataDirectory = dataDir is null || DataSource.IsBundled(dataDir) ? DataSource.BundledMarker : Path.GetFullPath(dataDir),
            Provider = blas.Name,
            Threads = blas.Threads,
            BlasDescription = blas.Describe(),
            Versions = MachineInfo.Versions(),
            Machine = MachineInfo.Machine(),
            Created = DateTimeOffset.Now,
        };
        var run = TrainingRun.Start(outDir, force, runConfig, data);
        return Execute(session, run, resumed: false);
    }

    private static int Resume(CliSession session, ParseResult p, TrainOptions options, GlobalOptions global, string dir)
    {
        var given = options.GivenRunSettings(p);
        if (given.Count > 0)
        {
            throw new CliException(ExitCodes.Usage, $"--resume continues {dir} with its own settings; remove {string.Join(", ", given)} (only --data, --provider and --threads go with --resume)");
        }

        var saved = RunConfig.Load(new RunFiles(dir).Config);

        // The run's own provider and threads reproduce an uninterrupted run bit for bit; overrides are allowed but said.
        var provider = p.GetValue(global.Provider) ?? saved.Provider;
        var threads = p.GetResult(global.Threads) is OptionResult { Implicit: false } ? p.GetValue(global.Threads) : saved.Threads;
        Blas.Use(provider, threads);
        if (Blas.Current.Name != saved.Provider || Blas.Current.Threads != saved.Threads)
        {
            session.Error.WriteLine($"note: using {Blas.Current.Name} with {Blas.Current.Threads} thread(s), the run used {saved.Provider} with {saved.Threads}; metrics will not match an uninterrupted run exactly");
        }

        var dataDir = p.GetValue(options.Data) ?? (DataSource.IsBundled(saved.DataDirectory) ? null : saved.DataDirectory);
        var run = TrainingRun.Resume(dir, session.LoadData(dataDir));
        if (run.Trainer.StepsDone >= run.TotalSteps)
        {
            session.Out.WriteLine($"{dir}: already finished all {run.TotalSteps} steps; nothing to resume");
            return ExitCodes.Success;
        }

        return Execute(session, run, resumed: true);
    }

    private static int Execute(CliSession session, TrainingRun run, bool resumed)
    {
        using var listening = session.Interruption.Listen();
        ITrainingView view = session.Interactive ? new LiveTrainingView(session.Out) : new PlainTrainingView(session.Out);
        var summary = view.Show(run, resumed, progress => run.Run(progress, session.Interruption.Token));
        if (!summary.Completed)
        {
            var checkpoint = TrainerCheckpoint.LatestDirectory(run.Files.Checkpoints);
            session.Error.WriteLine($"interrupted by {session.Interruption.Reason} at step {summary.Steps}/{run.TotalSteps}; checkpoint written to {checkpoint}");
            session.Error.WriteLine($"resume with: {Invocation.Command} train --resume {run.Files.Root}");
            return session.Interruption.ExitCode;
        }

        session.Out.WriteLine(ProgressText.Summary(summary, run.Files.Root));
        return ExitCodes.Success;
    }

    /// <summary>Refuses an existing run before any work; only then is PrepareNew called, which cannot delete here.</summary>
    private static void RefuseExistingRun(string outDir, bool force)
    {
        var occupied = File.Exists(outDir) || (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
        if (occupied && !force)
        {
            new RunFiles(outDir).PrepareNew(force: false);
        }
    }
}
