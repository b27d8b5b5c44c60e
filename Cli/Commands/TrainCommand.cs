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
        // Cheap checks first, so a typo never costs a data load; the run directory is only touched at the end,
        // once the options, the data and the trainer built from them have all been accepted.
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
            DataSha256 = data.Sha256,
            Provider = blas.Name,
            Threads = blas.Threads,
            BlasDescription = blas.Describe(),
            Versions = MachineInfo.Versions(),
            Machine = MachineInfo.Machine(),
            Created = DateTimeOffset.Now,
        };
        using var run = TrainingRun.Start(outDir, force, runConfig, data);
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
        RunLock.CheckFree(dir);

        // The run's own provider and threads reproduce an uninterrupted run bit for bit; overrides are allowed but said.
        var provider = p.GetValue(global.Provider) ?? saved.Provider;
        var threadsGiven = p.GetResult(global.Threads) is OptionResult { Implicit: false };
        var threads = threadsGiven ? p.GetValue(global.Threads) : Math.Min(saved.Threads, Environment.ProcessorCount * Limits.ThreadsPerCore);
        if (threads < 0)
        {
            throw new ArgumentException($"--threads must be ≥ 0 (0 = all cores), got {threads}");
        }

        BlasSelection.CheckThreadLimit(threads);
        Blas.Use(provider, threads);
        if (Blas.Current.Name != saved.Provider || Blas.Current.Threads != saved.Threads)
        {
            session.Error.WriteLine($"note: using {Blas.Current.Name} with {Blas.Current.Threads} thread(s), the run used {saved.Provider} with {saved.Threads}; metrics will not match an uninterrupted run exactly");
        }

        var dataDir = p.GetValue(options.Data) ?? (DataSource.IsBundled(saved.DataDirectory) ? null : saved.DataDirectory);
        var data = session.LoadData(dataDir);
        CheckSameData(session, dir, saved, data, dataDir);
        using var run = TrainingRun.Resume(dir, data);
        if (run.ResumeNote is { } note)
        {
            session.Error.WriteLine(note);
        }

        if (run.Trainer.StepsDone >= run.TotalSteps)
        {
            session.Out.WriteLine($"{dir}: already finished all {run.TotalSteps} steps; nothing to resume");
            return ExitCodes.Success;
        }

        return Execute(session, run, resumed: true);
    }

    /// <summary>The data must be the run's own, byte for byte (its SHA-256s); runs from before they were recorded are warned about.</summary>
    private static void CheckSameData(CliSession session, string dir, RunConfig saved, Training.Data.MnistDataset data, string? dataDir)
    {
        if (saved.DataSha256 is null)
        {
            session.Error.WriteLine($"warning: {dir} records no SHA-256 of its data (made before they were recorded); cannot check that {dataDir ?? "the bundled MNIST"} is the data it was trained on");
            return;
        }

        foreach (var (name, expected) in saved.DataSha256)
        {
            var actual = data.Sha256.GetValueOrDefault(name);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException(ExitCodes.Data, $"--data {dataDir ?? "(bundled)"}: {name} has SHA-256 {actual?[..12]}…, but {dir} was trained on {expected[..Math.Min(12, expected.Length)]}…; resume with the run's own data");
            }
        }
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

    /// <summary>
    /// Refuses, before any work, an existing run without --force, and with it anything that is not a run of ours or
    /// is being written by another process; the deletion itself happens only in PrepareNew, after all validation.
    /// </summary>
    private static void RefuseExistingRun(string outDir, bool force)
    {
        var files = new RunFiles(outDir);
        if (File.Exists(outDir) || !files.IsOccupied)
        {
            return;
        }

        if (!force)
        {
            throw new RunSetupException($"{outDir}: a run already exists here; choose another --out or pass --force to replace it");
        }

        RunGuard.CheckReplaceable(outDir);
        RunLock.CheckFree(outDir);
    }
}
