namespace Ssgan.Engine.Kernels;

/// <summary>Numerically stable pieces of the classifier and real/fake losses, accumulated in double.</summary>
public static class LossKernels
{
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in logits)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>log(1 + eˣ) without overflow for large |x|.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    // logits [C], lse → probabilities [C] (softmax), in place on a destination
    public static void Softmax(ReadOnlySpan<float> logits, double lse, Span<float> probabilities)
    {
        for (var j = 0; j < logits.Length; j++)
        {
            probabilities[j] = (float)Math.Exp(logits[j] - lse);
        }
    }
}
