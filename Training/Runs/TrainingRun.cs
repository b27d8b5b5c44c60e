using System.Diagnostics;
using System.Text.Json;
using Ssgan.Engine.Autograd;
using Ssgan.Training.Data;
using Ssgan.Training.Pictures;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>
/// A run on disk: trains step by step, evaluates on the test set, draws a sample grid each epoch, checkpoints,
/// and resumes from its latest checkpoint with exactly the state it had (same seed, provider and threads give the
/// same metrics as an uninterrupted run).
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly MnistDataset data;
    private readonly Tensor fixedLatent;
    private double elapsedBefore;
    private RunLock? held;

    private TrainingRun(RunFiles files, RunConfig config, MnistDataset data)
    {
        Files = files;
        Config = config;
        this.data = data;
        Trainer = new SganTrainer(config.Training, data.Train);

        // Sample grids use their own fixed latent points so epochs are comparable and training draws are untouched.
        var sampleRng = new Engine.Rng(config.Training.Seed ^ 0x5A3B1E5DUL);
        fixedLatent = new Tensor([100, config.Training.LatentSize]);
        for (var i = 0; i < fixedLatent.Size; i++)
        {
            fixedLatent.Data[i] = config.Training.UniformLatent ? sampleRng.NextSingle() : sampleRng.NextGaussian();
        }
    }

    public RunFiles Files { get; }

    public RunConfig Config { get; private set; }

    public SganTrainer Trainer { get; }

    public int TotalSteps => Config.Training.TotalSteps(data.Train.Count);

    public int StepsPerEpoch => Config.Training.StepsPerEpoch(data.Train.Count);

    /// <summary>What a resume had to work around (an unusable checkpoints/latest), for stderr; null when nothing.</summary>
    public string? ResumeNote { get; private set; }

    /// <summary>
    /// Starts a new run in an empty (or, with force, replaced) directory, locked for this process. Everything is
    /// validated (the trainer built from the data) before the directory is touched.
    /// </summary>
    public static TrainingRun Start(string directory, bool force, RunConfig config, MnistDataset data)
    {
        // The settings are validated by the trainer the constructor builds, before the directory is touched.
        var files = new RunFiles(directory);
        var run = new TrainingRun(files, config, data);
        Limits.CheckTotalSteps(config.Training, data.Train.Count);
        run.held = files.PrepareNew(force);
        var labelled = run.Trainer.LabelledIndices;
        run.Config = config with
        {
            LabelledIndices = labelled,
            LabelledClasses = Array.ConvertAll(labelled, i => (int)data.Train.Labels[i]),
        };
        run.Config.Save(files.Config);

        // What is about to be trained, from the run's own model objects (as Keras' model.summary and plot_model).
        var tables = Summaries.ModelSummary.Build(run.Trainer.Discriminator, run.Trainer.Generator);
        File.WriteAllText(files.ModelsText, Summaries.SummaryText.Render(tables));
        Summaries.ModelDiagram.SaveAll(tables, files.ModelDiagrams);
        return run;
    }

    /// <summary>
    /// Continues a run, locked for this process, from the checkpoint <c>latest</c> names; when that is unusable from
    /// the newest complete one (said in <see cref="ResumeNote"/>). It starts from step 0 only when the run has no
    /// history at all; otherwise no checkpoint is a <see cref="CheckpointFormatException"/>.
    /// </summary>
    public static TrainingRun Resume(string directory, MnistDataset data)
    {
        var files = new RunFiles(directory);
        var config = RunConfig.Load(files.Config);
        try
        {
            Limits.CheckTotalSteps(config.Training, data.Train.Count);
        }
        catch (ArgumentException e)
        {
            throw new RunSetupException($"{files.Config}: {e.Message}");
        }

        var held = RunLock.Acquire(directory);
        try
        {
            var run = new TrainingRun(files, config, data) { held = held };
            if (TrainerCheckpoint.ForResume(files, out var note) is { } checkpoint)
            {
                TrainerCheckpoint.Load(checkpoint, run.Trainer);
            }

            run.ResumeNote = note;
            return run;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Releases the run's lock (the OS releases it anyway when the process ends).</summary>
    public void Dispose() => held?.Dispose();

    public RunSummary Run(IProgress<RunProgress>? progress, CancellationToken cancel)
    {
        var total = TotalSteps;
        var perEpoch = StepsPerEpoch;
        var epochs = (total + perEpoch - 1) / perEpoch;
        var evalEvery = Config.Training.EvalEvery > 0 ? Config.Training.EvalEvery : perEpoch;
        var checkpointEvery = Config.Training.CheckpointEvery > 0 ? Config.Training.CheckpointEvery : perEpoch;
        MetricsLog log;
        if (Trainer.StepsDone == 0)
        {
            log = MetricsLog.CreateNew(Files.Metrics);
        }
        else
        {
            (log, elapsedBefore) = MetricsLog.ResumeAt(Files.Metrics, Trainer.StepsDone);
        }

        using var _ = log;
        var clock = Stopwatch.StartNew();
        var startStep = Trainer.StepsDone;
        double? lastAccuracy = null, lastAveraged = null;
        while (Trainer.StepsDone < total)
        {
            if (cancel.IsCancellationRequested)
            {
                TrainerCheckpoint.Save(Files.Checkpoints, Trainer);
                progress?.Report(Snapshot(total, epochs, clock, startStep, default, lastAccuracy, "interrupted: checkpoint written"));
                return Summarize(completed: false, clock, startStep, lastAccuracy ?? double.NaN, lastAveraged, null);
            }

            var losses = Trainer.Step();
            var step = Trainer.StepsDone;
            if (!losses.AllFinite || !ParametersFinite())
            {
                WriteDiagnostics(step, losses);
                throw new TrainingDivergedException($"training diverged at step {step}: the {losses.FirstNonFinite()} produced a non-finite value; the last good checkpoint is kept in {Files.Checkpoints}, diagnostics in {Files.Diagnostics}");
            }

            double? accuracy = null, averaged = null;
            string? evt = null;
            if (step % evalEvery == 0 || step == total)
            {
                accuracy = lastAccuracy = TestAccuracy(Trainer.Discriminator);
                evt = $"test accuracy {accuracy:P2}";
                if (Trainer.AveragedDiscriminator() is { } ema)
                {
                    averaged = lastAveraged = TestAccuracy(ema);
                    evt += $" (averaged {averaged:P2})";
                }
            }

            log.Append(step, ((step - 1) / perEpoch) + 1, losses, accuracy, averaged, elapsedBefore + clock.Elapsed.TotalSeconds);
            if (step % perEpoch == 0 || step == total)
            {
                var epoch = (step + perEpoch - 1) / perEpoch;
                if (!Config.Training.Baseline)
                {
                    // The baseline never trains its generator: a grid of its noise would only mislead.
                    SaveSamples(Files.SampleFor(epoch));
                }
                Curves.Save(Files.Metrics, Files.Curves);
            }

            if (step % checkpointEvery == 0 || step == total)
            {
                TrainerCheckpoint.Save(Files.Checkpoints, Trainer);
                evt = evt is null ? "checkpoint" : evt + ", checkpoint";
            }

            progress?.Report(Snapshot(total, epochs, clock, startStep, losses, lastAccuracy, evt));
        }

        clock.Stop();
        var train = Evaluation.Accuracy(Evaluation.Predict(Trainer.Discriminator, data.Train), data.Train.Labels);
        return Summarize(completed: true, clock, startStep, lastAccuracy ?? double.NaN, lastAveraged, train);
    }

    private double TestAccuracy(Models.Discriminator d) => Evaluation.Accuracy(Evaluation.Predict(d, data.Test), data.Test.Labels);

    /// <summary>The generator's images for the fixed sample latents, as a 10×10 grid.</summary>
    public void SaveSamples(string path)
    {
        using var arena = Arena.Begin();
        using var noGrad = Graph.NoGrad();
        var images = Trainer.Generator.Forward(fixedLatent);
        DigitGrid.Save(path, images.Data, new DigitGridOptions { Title = $"step {Trainer.StepsDone}" });
    }

    private RunProgress Snapshot(int total, int epochs, Stopwatch clock, int startStep, StepLosses losses, double? accuracy, string? evt)
    {
        var done = Trainer.StepsDone - startStep;
        var rate = clock.Elapsed.TotalSeconds > 0 ? done / clock.Elapsed.TotalSeconds : 0;
        var epoch = Math.Min(epochs, (Trainer.StepsDone / StepsPerEpoch) + 1);
        return new RunProgress(Trainer.StepsDone, total, epoch, epochs, TimeSpan.FromSeconds(elapsedBefore) + clock.Elapsed, rate, losses, accuracy, evt);
    }

    private RunSummary Summarize(bool completed, Stopwatch clock, int startStep, double testAccuracy, double? averagedAccuracy, double? trainAccuracy)
    {
        var steps = Trainer.StepsDone - startStep;
        var summary = new RunSummary(
            testAccuracy,
            Trainer.StepsDone,
            elapsedBefore + clock.Elapsed.TotalSeconds,
            steps > 0 ? clock.Elapsed.TotalMilliseconds / steps : 0,
            Config.Provider,
            Config.Threads,
            Config.Training.Seed,
            Config.Training.Labels,
            Config.Training.Baseline,
            completed,
            trainAccuracy,
            EpochAccuracies(MetricsLog.TestAccuracyColumn))
        {
            Preset = Config.Training.Preset,
            TestAccuracyEma = averagedAccuracy,
            EpochTestAccuracyEma = Trainer.Averaged is null ? null : EpochAccuracies(MetricsLog.AveragedAccuracyColumn),
        };
        if (completed)
        {
            TrainerCheckpoint.WriteAtomically(Files.Summary, JsonSerializer.Serialize(summary, RunConfig.Json));
        }

        return summary;
    }

    private List<double> EpochAccuracies(int column)
    {
        var accuracies = new List<double>();
        var perEpoch = StepsPerEpoch;
        foreach (var row in MetricsLog.Read(Files.Metrics))
        {
            var value = MetricsLog.Cell(row, column);
            if (double.IsFinite(value) && ((int)row[0] % perEpoch == 0 || (int)row[0] == TotalSteps))
            {
                accuracies.Add(value);
            }
        }

        return accuracies;
    }

    private bool ParametersFinite()
    {
        foreach (var p in Trainer.Discriminator.Parameters())
        {
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(p.Data)))
            {
                return false;
            }
        }

        foreach (var p in Trainer.Generator.Parameters())
        {
            if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum<float>(p.Data)))
            {
                return false;
            }
        }

        return true;
    }

    private void WriteDiagnostics(int step, StepLosses losses)
    {
        var norms = new Dictionary<string, double>();
        foreach (var (name, p) in Trainer.Discriminator.NamedParameters())
        {
            norms["discriminator." + name] = System.Numerics.Tensors.TensorPrimitives.Norm<float>(p.Data);
        }

        foreach (var (name, p) in Trainer.Generator.NamedParameters())
        {
            norms["generator." + name] = System.Numerics.Tensors.TensorPrimitives.Norm<float>(p.Data);
        }

        var recent = MetricsLog.Read(Files.Metrics);
        var history = recent.Skip(Math.Max(0, recent.Count - 50)).ToList();
        var doc = new { step, update = losses.FirstNonFinite(), losses = losses.ToString(), weight_norms = norms, recent_metrics = history };
        TrainerCheckpoint.WriteAtomically(Files.Diagnostics, JsonSerializer.Serialize(doc, RunConfig.Json));
    }
}
