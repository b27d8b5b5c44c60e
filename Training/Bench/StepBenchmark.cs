using System.Diagnostics;
using Ssgan.Engine.Autograd;
using Ssgan.Training.Data;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Bench;

/// <summary>What `ssgan bench` measures (names as in its --json output).</summary>
public sealed record BenchResult(
    string Provider,
    int Threads,
    string BlasDescription,
    int Steps,
    double StepMsMedian,
    double StepMsMin,
    double StepMsMax,
    double StepGflop,
    double Gflops,
    double SgemmPeakGflops,
    int EvalRuns,
    double EvalSeconds,
    double EvalImagesPerSecond,
    double PeakRssMb,
    double AllocBytesPerStep,
    IReadOnlyList<(string Name, double MsPerStep, double CallsPerStep)> Layers,
    IReadOnlyList<(string Name, double Ms)> EvalLayers);

/// <summary>Warm-up, then timed training steps of the real models on real data; test-set classification; memory.</summary>
public static class StepBenchmark
{
    /// <param name="kernels">The convolutions' kernel paths; null for the current provider's default.</param>
    public static BenchResult Run(MnistDataset data, TrainingConfig config, int steps, int warmup, bool perLayer, Action<string>? log = null, int evalRuns = 3, Engine.Kernels.KernelOptions? kernels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(evalRuns);
        var blas = Engine.Blas.Blas.Current;
        var trainer = new SganTrainer(config, data.Train);
        foreach (var (_, layer) in trainer.Discriminator.Layers.Layers.Concat(trainer.Generator.Layers.Layers))
        {
            if (layer is Engine.Nn.ConvLayer conv)
            {
                conv.Kernels = kernels;
            }
        }
        for (var i = 0; i < warmup; i++)
        {
            trainer.Step();
        }

        var times = new double[steps];
        var allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < steps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            trainer.Step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            log?.Invoke($"step {i + 1}/{steps}: {times[i]:F0} ms");
        }

        var allocPerStep = (GC.GetTotalAllocatedBytes(precise: true) - allocBefore) / (double)steps;
        var layers = new List<(string, double, double)>();
        if (perLayer)
        {
            Profiler.Reset();
            Profiler.Enabled = true;
            const int profiled = 3;
            for (var i = 0; i < profiled; i++)
            {
                trainer.Step();
            }

            Profiler.Enabled = false;
            foreach (var (name, ms, calls) in Profiler.Snapshot())
            {
                layers.Add((name, ms / profiled, calls / (double)profiled));
            }
        }

        // Like the steps, after a warm-up (one batch: it sizes the workspace and compiles the no-grad paths),
        // the median of evalRuns passes over the test set.
        Evaluation.Predict(trainer.Discriminator, data.Test, count: Math.Min(500, data.Test.Count));
        var evalTimes = new double[evalRuns];
        for (var i = 0; i < evalRuns; i++)
        {
            var evalStart = Stopwatch.GetTimestamp();
            Evaluation.Predict(trainer.Discriminator, data.Test);
            evalTimes[i] = Stopwatch.GetElapsedTime(evalStart).TotalSeconds;
            log?.Invoke($"classification {i + 1}/{evalRuns}: {evalTimes[i]:F2} s");
        }

        Array.Sort(evalTimes);
        var evalSeconds = evalTimes[evalRuns / 2];
        var evalLayers = new List<(string, double)>();
        if (perLayer)
        {
            Profiler.Reset();
            Profiler.Enabled = true;
            Evaluation.Predict(trainer.Discriminator, data.Test);
            Profiler.Enabled = false;
            foreach (var (name, ms, _) in Profiler.Snapshot())
            {
                evalLayers.Add((name, ms));
            }
        }

        Array.Sort(times);
        var median = times[steps / 2];
        var gflop = StepCost.StepGflop(trainer.Discriminator, trainer.Generator, config.Batch, config.FeatureMatching);
        return new BenchResult(
            blas.Name,
            blas.Threads,
            blas.Describe(),
            steps,
            median,
            times[0],
            times[^1],
            gflop,
            gflop / (median / 1000),
            Engine.Blas.Blas.MeasureSgemmGflops(blas, 1024, 5),
            evalRuns,
            evalSeconds,
            data.Test.Count / evalSeconds,
            PeakRssMb(),
            allocPerStep,
            layers,
            evalLayers);
    }

    /// <summary>The process's peak resident set (VmHWM) from /proc, or NaN where there is no /proc.</summary>
    public static double PeakRssMb()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return double.NaN;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return double.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) / 1024;
            }
        }

        return double.NaN;
    }
}
