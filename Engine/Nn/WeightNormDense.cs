using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>
/// A weight-normalised Dense layer (Salimans &amp; Kingma 2016): y = x·wᵀ + b with w_o = g_o·v_o/‖v_o‖, v [Out, In]
/// drawn from N(0, directionStd²) (0.05 unless given). <see cref="InitializeFromData"/> sets g and b on a batch so each unit's pre-activation
/// has mean 0 and standard deviation <c>initScale</c> there. Without <c>trainScale</c> g stays at that value (the
/// improved GAN's hidden layers); its last layer trains g.
/// </summary>
public sealed class WeightNormDense : Module
{
    private Tensor? shared;

    public WeightNormDense(int inFeatures, int outFeatures, Rng rng, bool trainScale, float initScale = 1f, float directionStd = 0.05f)
    {
        if (inFeatures <= 0 || outFeatures <= 0 || !(initScale > 0))
        {
            throw new ArgumentException($"WeightNormDense needs positive sizes and init scale, got {inFeatures}→{outFeatures}, {initScale}");
        }

        (InFeatures, OutFeatures, InitScale) = (inFeatures, outFeatures, initScale);
        V = new Parameter("weight_v", [outFeatures, inFeatures]);
        G = new Parameter("weight_g", [outFeatures], isFixed: !trainScale);
        Bias = new Parameter("bias", [outFeatures]);
        for (var i = 0; i < V.Size; i++)
        {
            V.Data[i] = directionStd * rng.NextGaussian();
        }

        G.Data.AsSpan().Fill(1f);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public float InitScale { get; }

    public Parameter V { get; }

    public Parameter G { get; }

    public Parameter Bias { get; }

    public override Tensor Forward(Tensor x) => Functional.Linear(x, Weight(), Bias);

    /// <summary>
    /// Until the returned scope ends, forwards reuse one w = g·v/‖v‖, computed now, instead of normalising v again
    /// each time; v and g must not change inside it. A forward that needs w's gradient while the shared one has no
    /// graph (computed without recording, or released by a backward) normalises afresh, so gradients stay exact.
    /// Begin it inside the arena its forwards run in, or outside every arena.
    /// </summary>
    public IDisposable ShareWeight()
    {
        if (shared is not null)
        {
            throw new InvalidOperationException($"{Describe()} already shares its weight; scopes do not nest");
        }

        shared = Functional.WeightNorm(V, G);
        return new SharedWeightScope(this);
    }

    private Tensor Weight()
    {
        var needsGraph = Graph.IsRecording && (V.RequiresGrad || G.RequiresGrad);
        return shared is not null && (!needsGraph || shared.BackwardFn is not null) ? shared : Functional.WeightNorm(V, G);
    }

    private sealed class SharedWeightScope(WeightNormDense layer) : IDisposable
    {
        public void Dispose() => layer.shared = null;
    }

    /// <summary>w = g·v/‖v‖ [Out, In], the weight a plain Linear layer would hold.</summary>
    public float[] EffectiveWeight()
    {
        using var noGrad = Graph.NoGrad();
        return Functional.WeightNorm(V, G).Data[..V.Size];
    }

    /// <summary>
    /// Data-dependent initialisation on a batch x [N, In] (N ≥ 2): with t = x·v̂ᵀ, sets g = s/σ(t) and b = −s·μ(t)/σ(t)
    /// per unit (s = init scale), and returns this layer's output on x with those values.
    /// </summary>
    public Tensor InitializeFromData(Tensor x)
    {
        using var noGrad = Graph.NoGrad();
        G.Data.AsSpan().Fill(1f);
        Bias.Data.AsSpan().Clear();
        var t = Forward(x);
        int n = t.Dim(0), f = OutFeatures;
        if (n < 2)
        {
            throw new ArgumentException($"data-dependent init needs a batch of at least 2, got {n}");
        }

        for (var j = 0; j < f; j++)
        {
            var (mean, variance) = Functional.ColumnMoments(t.Data, n, f, j);
            var std = Math.Sqrt(variance + 1e-8);
            G.Data[j] = (float)(InitScale / std);
            Bias.Data[j] = (float)(-InitScale * mean / std);
        }

        return Forward(x);
    }

    public override int[] OutputShape(int[] inputShape) => [inputShape[0], OutFeatures];

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [("weight_v", V), ("weight_g", G), ("bias", Bias)];

    public override string Describe() => $"WeightNormDense({InFeatures}→{OutFeatures}{(G.Fixed ? ", fixed scale" : "")})";
}
