using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Optim;

/// <summary>
/// Polyak averaging of parameters for evaluation (Salimans et al. 2016 evaluate with it): after the t-th update,
/// a ← d_t·a + (1 − d_t)·p with d_t = min(decay, (1 + t)/(10 + t)) (TensorFlow's ExponentialMovingAverage with
/// num_updates), so the average starts at the initial weights and follows them closely early on instead of
/// lagging ~1/(1 − decay) steps behind. The update count is the caller's (the trainer's step count), so a
/// checkpoint needs only the averages.
/// </summary>
public sealed class ExponentialMovingAverage
{
    private readonly Parameter[] parameters;
    private readonly float[][] averages;

    public ExponentialMovingAverage(IEnumerable<Parameter> parameters, float decay)
    {
        this.parameters = [.. parameters];
        if (!(decay > 0 && decay < 1))
        {
            throw new ArgumentException($"EMA decay must be in (0, 1), got {decay}");
        }

        Decay = decay;
        averages = Array.ConvertAll(this.parameters, p => p.Data[..p.Size]);
    }

    public float Decay { get; }

    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>The running average of parameter i (same shape and layout), exposed for checkpoints.</summary>
    public float[] Average(int i) => averages[i];

    /// <summary>The decay of update number <paramref name="t"/> (1-based).</summary>
    public double DecayAt(long t) => Math.Min(Decay, (1.0 + t) / (10.0 + t));

    /// <summary>Folds the parameters' current values in as update number <paramref name="t"/> (1-based).</summary>
    public void Update(long t)
    {
        using var profile = Autograd.Profiler.Measure("EMA");
        var d = (float)DecayAt(t);
        for (var i = 0; i < parameters.Length; i++)
        {
            Kernels.EmaKernel.Update(averages[i], parameters[i].Data.AsSpan(0, averages[i].Length), d);
        }
    }

    /// <summary>Writes the averages into another module's parameters of the same shapes, in the same order.</summary>
    public void CopyTo(IReadOnlyList<Parameter> target)
    {
        CheckShapes(target);
        for (var i = 0; i < parameters.Length; i++)
        {
            averages[i].CopyTo(target[i].Data, 0);
        }
    }

    /// <summary>Replaces the averages by another module's parameter values (restoring a checkpoint).</summary>
    public void CopyFrom(IReadOnlyList<Parameter> source)
    {
        CheckShapes(source);
        for (var i = 0; i < parameters.Length; i++)
        {
            source[i].Data.AsSpan(0, averages[i].Length).CopyTo(averages[i]);
        }
    }

    private void CheckShapes(IReadOnlyList<Parameter> other)
    {
        if (other.Count != parameters.Length)
        {
            throw new ArgumentException($"EMA of {parameters.Length} parameters against a module of {other.Count}");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (other[i].Size != averages[i].Length)
            {
                throw new ArgumentException($"EMA parameter {i} has {averages[i].Length} values, the other module's {other[i].Size}");
            }
        }
    }
}
