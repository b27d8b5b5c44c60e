using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ssgan.Training.Bench;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan bench`: timed training steps of the real models on the bundled data, against a measured SGEMM peak.</summary>
internal static class BenchCommand
{
    public static Command Create(CliSession session, GlobalOptions global)
    {
        var steps = new Option<int>("--steps") { Description = "Timed training steps (after 3 warm-up steps).", DefaultValueFactory = _ => 15 };
        var json = GlobalOptions.Json("the results as one JSON object");
        var evalRuns = new Option<int>("--eval-runs") { Description = "Timed classifications of the test set (after a one-batch warm-up); the median is reported.", DefaultValueFactory = _ => 3 };
        var layers = new Option<bool>("--layers") { Description = "Also time each layer's forward and backward (ms per step)." };
        var data = GlobalOptions.Data();
        var preset = TrainOptions.PresetOption();
        var kernels = new Option<string[]>("--without")
        {
            Description = "Kernel paths to turn off, to compare them: in-place, winograd, winograd-packed, winograd-dw (default: every path the provider has).",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "PATH",
        };
        kernels.AcceptOnlyFromAmong("in-place", "winograd", "winograd-packed", "winograd-dw");
        var command = new Command("bench", "Time a preset's training step (median/min/max ms, GFLOP per step, effective GFLOPS vs the SGEMM peak measured here), test-set classification (median of --eval-runs after a warm-up), peak RSS and managed allocation per step.")
        {
            preset,
            kernels,
            steps,
            evalRuns,
            json,
            layers,
            data,
        };
        command.SetAction(p =>
        {
            if (p.GetValue(steps) <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--steps must be positive (got {p.GetValue(steps)})");
            }

            if (p.GetValue(evalRuns) <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--eval-runs must be positive (got {p.GetValue(evalRuns)})");
            }

            BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
            var dataset = session.LoadData(p.GetValue(data));
            var asJson = p.GetValue(json);
            var without = p.GetValue(kernels) ?? [];
            var paths = Engine.Kernels.KernelOptions.Current with
            {
                InPlace = !without.Contains("in-place"),
                Winograd = !without.Contains("winograd"),
                WinogradPacked = !without.Contains("winograd-packed"),
                WinogradWeightGrad = !without.Contains("winograd-dw"),
            };
            var r = StepBenchmark.Run(dataset, TrainingPresets.Get(p.GetValue(preset)!), p.GetValue(steps), warmup: 3, p.GetValue(layers), asJson ? null : session.Error.WriteLine, p.GetValue(evalRuns), paths);
            if (asJson)
            {
                var fields = ToJson(r);
                fields["kernels"] = paths.ToString();
                session.Out.WriteLine(JsonSerializer.Serialize(fields));
                return ExitCodes.Success;
            }

            var o = session.Out;
            o.WriteLine($"preset: {p.GetValue(preset)}; kernels: {paths}");
            o.WriteLine($"provider: {r.BlasDescription}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step: median {r.StepMsMedian:F0} ms (min {r.StepMsMin:F0}, max {r.StepMsMax:F0}) over {r.Steps} steps"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"work: {r.StepGflop:F1} GFLOP per step → {r.Gflops:F0} GFLOPS effective; SGEMM peak measured here {r.SgemmPeakGflops:F0} GFLOPS ({100 * r.Gflops / r.SgemmPeakGflops:F0} %)"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"classify 10,000 test images: {r.EvalSeconds:F2} s ({r.EvalImagesPerSecond:F0} images/s; median of {r.EvalRuns})"));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: peak RSS {r.PeakRssMb:F0} MB, managed allocation {r.AllocBytesPerStep / 1024:F0} KB per step"));
            foreach (var (name, ms, calls) in r.Layers)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-36} {ms,8:F1} ms/step {calls,6:F0} calls"));
            }

            if (r.EvalLayers.Count > 0)
            {
                o.WriteLine("classification, one pass over the test set:");
            }

            foreach (var (name, ms) in r.EvalLayers)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-36} {ms,8:F1} ms"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, object> ToJson(BenchResult r)
    {
        var layers = new Dictionary<string, double>();
        foreach (var (name, ms, _) in r.Layers)
        {
            layers[name] = Math.Round(ms, 2);
        }

        var evalLayers = new Dictionary<string, double>();
        foreach (var (name, ms) in r.EvalLayers)
        {
            evalLayers[name] = Math.Round(ms, 2);
        }

        return new Dictionary<string, object>
        {
            ["provider"] = r.Provider,
            ["threads"] = r.Threads,
            ["steps"] = r.Steps,
            ["step_ms_median"] = Math.Round(r.StepMsMedian, 1),
            ["step_ms_min"] = Math.Round(r.StepMsMin, 1),
            ["step_ms_max"] = Math.Round(r.StepMsMax, 1),
            ["step_gflop"] = Math.Round(r.StepGflop, 3),
            ["gflops"] = Math.Round(r.Gflops, 1),
            ["sgemm_peak_gflops"] = Math.Round(r.SgemmPeakGflops, 1),
            ["eval_seconds"] = Math.Round(r.EvalSeconds, 3),
            ["eval_runs"] = r.EvalRuns,
            ["peak_rss_mb"] = Math.Round(r.PeakRssMb, 1),
            ["alloc_bytes_per_step"] = Math.Round(r.AllocBytesPerStep),
            ["layers_ms_per_step"] = layers,
            ["eval_layers_ms"] = evalLayers,
        };
    }
}
