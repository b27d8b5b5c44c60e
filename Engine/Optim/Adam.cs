using Ssgan.Engine.Nn;

namespace Ssgan.Engine.Optim;

/// <summary>
/// Adam as Keras applies it (tf.keras / Keras 3 Adam, amsgrad off): with t the number of steps taken,
/// α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − α·m/(√v + ε).
/// Note ε sits outside the bias correction, as in Keras (not PyTorch's √v̂ + ε). With <c>epsilonInsideRoot</c> the
/// step is lr·m̂/√(v̂ + ε) instead, as Salimans et al.'s Theano code has it (= α·m/√(v + ε(1 − β₂ᵗ))): for gradients
/// far below √ε it damps the step rather than taking it at full size. Each optimizer owns its moments
/// and step counter, so two optimizers may update the same parameters (the tutorial's two compiled
/// discriminator models) without sharing state.
/// </summary>
public sealed class Adam
{
    private readonly Parameter[] parameters;
    private readonly float[][] m;
    private readonly float[][] v;
    private float currentLearningRate;

    public Adam(IEnumerable<Parameter> parameters, float learningRate = 0.001f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-7f, bool epsilonInsideRoot = false)
    {
        this.parameters = [.. parameters];
        if (!(learningRate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0))
        {
            throw new ArgumentException($"Adam needs lr > 0, 0 ≤ beta < 1, epsilon > 0; got lr {learningRate}, beta1 {beta1}, beta2 {beta2}, epsilon {epsilon}");
        }

        (LearningRate, Beta1, Beta2, Epsilon, EpsilonInsideRoot) = (learningRate, beta1, beta2, epsilon, epsilonInsideRoot);
        m = new float[this.parameters.Length][];
        v = new float[this.parameters.Length][];
        for (var i = 0; i < this.parameters.Length; i++)
        {
            m[i] = new float[this.parameters[i].Size];
            v[i] = new float[this.parameters[i].Size];
        }
    }

    /// <summary>The step size; a schedule may change it between updates (PyTorch's param_group["lr"]).</summary>
    public float LearningRate
    {
        get => currentLearningRate;
        set => currentLearningRate = value > 0 && float.IsFinite(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), $"Adam's learning rate must be positive and finite; got {value}");
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    /// <summary>ε added to v̂ under the square root (Salimans et al.'s code) instead of to √v after it (Keras).</summary>
    public bool EpsilonInsideRoot { get; }

    /// <summary>Steps taken so far (Keras' <c>iterations</c>).</summary>
    public long Step { get; set; }

    public IReadOnlyList<Parameter> Parameters => parameters;

    /// <summary>First and second moments of parameter i, exposed for checkpoints.</summary>
    public (float[] M, float[] V) Moments(int i) => (m[i], v[i]);

    /// <summary>Applies one update from the accumulated gradients; parameters without a gradient are left alone.</summary>
    public void Update()
    {
        using var profile = Autograd.Profiler.Measure("Adam");
        Step++;
        var alpha = LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, Step)) / (1 - Math.Pow(Beta1, Step));
        var epsilon = EpsilonInsideRoot ? (float)(Epsilon * (1 - Math.Pow(Beta2, Step))) : Epsilon;
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = parameters[i].Grad;
            if (g is not null)
            {
                Kernels.AdamKernel.Update(g, Beta1, Beta2, epsilon, (float)alpha, parameters[i].Data, m[i], v[i], EpsilonInsideRoot);
            }
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in parameters)
        {
            p.ZeroGrad();
        }
    }
}
