using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>
/// Batch normalisation of [N, F] features (PyTorch's BatchNorm1d): batch statistics in training mode, the running
/// ones (updated by <see cref="Momentum"/>) in evaluation. Without <c>scale</c> it has only the shift β, as the
/// improved GAN's generator (Lasagne's batch_norm with g=None). Running statistics are fixed parameters, saved
/// with PyTorch's names.
/// </summary>
public sealed class BatchNorm1d : Module
{
    public BatchNorm1d(int features, bool scale, float epsilon = 1e-4f, float momentum = 0.1f)
    {
        if (features <= 0 || !(epsilon > 0) || !(momentum > 0 && momentum <= 1))
        {
            throw new ArgumentException($"BatchNorm1d needs features > 0, epsilon > 0, momentum in (0, 1]; got {features}, {epsilon}, {momentum}");
        }

        (Features, Epsilon, Momentum) = (features, epsilon, momentum);
        Bias = new Parameter("bias", [features]);
        Weight = scale ? new Parameter("weight", [features]) : null;
        Weight?.Data.AsSpan().Fill(1f);
        RunningMean = new Parameter("running_mean", [features], isFixed: true);
        RunningVar = new Parameter("running_var", [features], isFixed: true);
        RunningVar.Data.AsSpan().Fill(1f);
    }

    public int Features { get; }

    public float Epsilon { get; }

    public float Momentum { get; }

    /// <summary>γ, or null without scale.</summary>
    public Parameter? Weight { get; }

    /// <summary>β.</summary>
    public Parameter Bias { get; }

    public Parameter RunningMean { get; }

    public Parameter RunningVar { get; }

    public override Tensor Forward(Tensor x) => Training
        ? Functional.BatchNorm(x, Weight, Bias, Epsilon, Momentum, RunningMean.Data, RunningVar.Data)
        : Functional.BatchNormInference(x, Weight, Bias, Epsilon, RunningMean.Data, RunningVar.Data);

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => Weight is null
        ? [("bias", Bias), ("running_mean", RunningMean), ("running_var", RunningVar)]
        : [("weight", Weight), ("bias", Bias), ("running_mean", RunningMean), ("running_var", RunningVar)];

    public override string Describe() => $"BatchNorm1d({Features}{(Weight is null ? ", shift only" : "")})";
}
