using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Training.Summaries;

/// <summary>
/// The classifier's softmax head as a parameter-free layer, so summaries and diagrams can show it as a row.
/// Training never runs it: <see cref="Functional.CrossEntropy"/> fuses it into the loss, so Forward records no gradient.
/// </summary>
public sealed class Softmax : Module
{
    /// <summary>logits [N, C] → probabilities [N, C] (inference only).</summary>
    public override Tensor Forward(Tensor x)
    {
        ShapeUtil.ExpectRank(x, 2, "Softmax", "[N, C]");
        int n = x.Dim(0), c = x.Dim(1);
        var y = new float[n * c];
        for (var i = 0; i < n; i++)
        {
            var row = x.Data.AsSpan(i * c, c);
            LossKernels.Softmax(row, LossKernels.LogSumExp(row), y.AsSpan(i * c, c));
        }

        return new Tensor([n, c], y);
    }

    public override int[] OutputShape(int[] inputShape)
    {
        if (inputShape.Length != 2)
        {
            throw new ArgumentException($"Softmax takes [N, C], got {ShapeUtil.Format(inputShape)}", nameof(inputShape));
        }

        return [inputShape[0], inputShape[1]];
    }

    public override string Describe() => "softmax over classes";
}

/// <summary>
/// The unsupervised real/fake head D(x) = Z/(Z+1), Z = Σ exp(logits) (Salimans et al. 2016), as a parameter-free
/// layer for summaries and diagrams. Training fuses it into <see cref="Functional.RealFakeLoss"/>; Forward is
/// inference only and computes sigmoid(LSE) so large logits stay finite.
/// </summary>
public sealed class ZOverZPlusOne : Module
{
    /// <summary>logits [N, C] → probability of "real" [N, 1] (inference only).</summary>
    public override Tensor Forward(Tensor x)
    {
        ShapeUtil.ExpectRank(x, 2, "ZOverZPlusOne", "[N, C]");
        int n = x.Dim(0), c = x.Dim(1);
        var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = (float)LossKernels.Sigmoid(LossKernels.LogSumExp(x.Data.AsSpan(i * c, c)));
        }

        return new Tensor([n, 1], y);
    }

    public override int[] OutputShape(int[] inputShape)
    {
        if (inputShape.Length != 2)
        {
            throw new ArgumentException($"ZOverZPlusOne takes [N, C], got {ShapeUtil.Format(inputShape)}", nameof(inputShape));
        }

        return [inputShape[0], 1];
    }

    public override string Describe() => "Z/(Z+1), Z = Σ exp(logits)";
}
