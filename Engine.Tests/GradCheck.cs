using Ssgan.Engine;
using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Tests;

/// <summary>
/// Central-difference gradient check. The function's output y is reduced to the scalar L = Σ yᵢ·rᵢ with a random
/// upstream gradient r, so every output element's backward path is exercised with distinct weights. For every
/// element of every checked tensor, dL/dx is estimated as (L(x+h) − L(x−h)) / (x₊ − x₋) in double, where x₊ and
/// x₋ are the float values actually stored, and compared with the analytic gradient within atol + rtol·|numeric|.
/// </summary>
public static class GradCheck
{
    public sealed record Result(int Checked, int Failed, int SkippedAtKinks, string WorstMessage)
    {
        public bool Passed => Failed == 0;
    }

    /// <remarks>
    /// With <paramref name="skipKinks"/>, an element whose one-sided slopes (L(x+h) − L(x))/h and (L(x) − L(x−h))/h
    /// disagree is where a perturbation straddles a LeakyReLU kink: no finite difference is the derivative there, so
    /// it is counted and skipped instead of compared (whole-model checks have thousands of pre-activations and some
    /// always sit within h of zero). Callers bound how many may be skipped.
    /// </remarks>
    public static Result Run(Func<Tensor> forward, IReadOnlyList<Tensor> checkedTensors, ulong seed = 7, double h = 1e-2, double atol = 2e-3, double rtol = 2e-2, bool skipKinks = false)
    {
        var probe = forward();
        var rng = new Rng(seed);
        var upstream = new float[probe.Size];
        for (var i = 0; i < upstream.Length; i++)
        {
            upstream[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        foreach (var t in checkedTensors)
        {
            t.ZeroGrad();
        }

        WeightedSum(forward(), upstream).Backward();
        var analytic = new float[checkedTensors.Count][];
        for (var i = 0; i < checkedTensors.Count; i++)
        {
            analytic[i] = checkedTensors[i].Grad is { } g ? (float[])g.Clone() : new float[checkedTensors[i].Size];
        }

        int count = 0, failed = 0, skipped = 0;
        double worst = -1;
        var worstMessage = "";
        using (Graph.NoGrad())
        {
            var l0 = Dot(forward(), upstream);
            for (var ti = 0; ti < checkedTensors.Count; ti++)
            {
                var data = checkedTensors[ti].Data;
                for (var i = 0; i < data.Length; i++)
                {
                    var original = data[i];
                    var plus = data[i] = (float)(original + h);
                    var lPlus = Dot(forward(), upstream);
                    var minus = data[i] = (float)(original - h);
                    var lMinus = Dot(forward(), upstream);
                    data[i] = original;
                    var numeric = (lPlus - lMinus) / ((double)plus - minus);
                    var error = Math.Abs(numeric - analytic[ti][i]);
                    var allowed = atol + (rtol * Math.Abs(numeric));
                    count++;
                    var slopeGap = Math.Abs(((lPlus - l0) / ((double)plus - original)) - ((l0 - lMinus) / ((double)original - minus)));
                    if (skipKinks && slopeGap > allowed)
                    {
                        skipped++;
                        continue;
                    }

                    if (error > allowed)
                    {
                        failed++;
                    }

                    if (error / allowed > worst)
                    {
                        worst = error / allowed;
                        worstMessage = $"tensor {ti} {ShapeUtil.Format(checkedTensors[ti].Shape)} element {i}: analytic {analytic[ti][i]:G6}, numeric {numeric:G6}, |error| {error:G3} vs allowed {allowed:G3}";
                    }
                }
            }
        }

        return new Result(count, failed, skipped, worstMessage);
    }

    public static void AssertPasses(Func<Tensor> forward, params Tensor[] checkedTensors) => AssertPasses(forward, 1e-2, checkedTensors);

    /// <summary>Graphs with ReLU-type kinks take a smaller step so few perturbations cross a kink.</summary>
    public static void AssertPasses(Func<Tensor> forward, double h, params Tensor[] checkedTensors)
    {
        var r = Run(forward, checkedTensors, h: h);
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsTrue(r.Passed, $"{r.Failed} of {r.Checked} gradient elements wrong; worst: {r.WorstMessage}");
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsGreaterThan(0, r.Checked);
    }

    /// <summary>Whole-model check: at most 5 % of elements may be skipped (a weight shared by every position meets every near-zero pre-activation) as kink crossings; every other one must match.</summary>
    public static void AssertModelPasses(Func<Tensor> forward, params Tensor[] checkedTensors)
    {
        var r = Run(forward, checkedTensors, h: 1e-3, skipKinks: true);
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsLessThanOrEqualTo(r.Checked / 20, r.SkippedAtKinks, $"{r.SkippedAtKinks} of {r.Checked} elements straddle kinks");
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsTrue(r.Passed, $"{r.Failed} of {r.Checked} gradient elements wrong; worst: {r.WorstMessage}");
        Microsoft.VisualStudio.TestTools.UnitTesting.Assert.IsGreaterThan(0, r.Checked);
    }

    private static double Dot(Tensor y, float[] r)
    {
        var s = 0.0;
        for (var i = 0; i < r.Length; i++)
        {
            s += (double)y.Data[i] * r[i];
        }

        return s;
    }

    // L = Σ yᵢ·rᵢ as a graph op, so Backward() seeds y's gradient with r.
    private static Tensor WeightedSum(Tensor y, float[] r)
    {
        var s = new Tensor([1], [(float)Dot(y, r)]);
        s.RecordOp([y], () =>
        {
            var g = y.GradBuffer();
            for (var i = 0; i < r.Length; i++)
            {
                g[i] += s.Grad![0] * r[i];
            }
        });
        return s;
    }
}
