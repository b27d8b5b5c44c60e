using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// Mean softmax cross-entropy of logits [N, C] against integer labels (Keras sparse_categorical_crossentropy on a
    /// softmax output, computed from the logits so it stays finite): mean of LSE(l) − l[label].
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        ShapeUtil.ExpectRank(logits, 2, "CrossEntropy", "[N, C]");
        int n = logits.Dim(0), c = logits.Dim(1);
        if (labels.Length != n)
        {
            throw new ArgumentException($"CrossEntropy: {labels.Length} labels for {n} rows of logits");
        }

        var lse = new double[n];
        var target = labels.ToArray();
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            if ((uint)target[i] >= (uint)c)
            {
                throw new ArgumentException($"CrossEntropy: label {target[i]} at row {i} is outside 0..{c - 1}");
            }

            var row = logits.Data.AsSpan(i * c, c);
            lse[i] = LossKernels.LogSumExp(row);
            loss += lse[i] - row[target[i]];
        }

        var y = new Tensor([1], [(float)(loss / n)]);
        y.RecordOp([logits], () =>
        {
            // d/dl_j = (softmax_j − [j = label]) / N
            var scale = y.Grad![0] / n;
            var dl = logits.GradBuffer();
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < c; j++)
                {
                    var p = Math.Exp(logits.Data[(i * c) + j] - lse[i]);
                    dl[(i * c) + j] += (float)(scale * (p - (j == target[i] ? 1 : 0)));
                }
            }
        });
        return y;
    }

    /// <summary>
    /// The semi-supervised GAN's unsupervised loss (Salimans et al. 2016): D(x) = Z/(Z+1) with Z = Σ exp(l), i.e.
    /// D = sigmoid(LSE(l)). Binary cross-entropy against "real" is −log D = softplus(−LSE) and against "fake"
    /// −log(1 − D) = softplus(LSE); both stay finite for logits of ±1000, unlike the tutorial's exp-then-divide.
    /// Returns the mean over the batch.
    /// </summary>
    public static Tensor RealFakeLoss(Tensor logits, bool real)
    {
        ShapeUtil.ExpectRank(logits, 2, "RealFakeLoss", "[N, C]");
        int n = logits.Dim(0), c = logits.Dim(1);
        var lse = new double[n];
        var sign = real ? -1.0 : 1.0;
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            lse[i] = LossKernels.LogSumExp(logits.Data.AsSpan(i * c, c));
            loss += LossKernels.Softplus(sign * lse[i]);
        }

        var y = new Tensor([1], [(float)(loss / n)]);
        y.RecordOp([logits], () =>
        {
            // d softplus(s·LSE)/d l_j = s · sigmoid(s·LSE) · softmax_j
            var scale = y.Grad![0] / n;
            var dl = logits.GradBuffer();
            for (var i = 0; i < n; i++)
            {
                var outer = scale * sign * LossKernels.Sigmoid(sign * lse[i]);
                for (var j = 0; j < c; j++)
                {
                    dl[(i * c) + j] += (float)(outer * Math.Exp(logits.Data[(i * c) + j] - lse[i]));
                }
            }
        });
        return y;
    }

    /// <summary>D(x) = Z/(Z+1) = sigmoid(LSE(logits)) per row, for reporting (no gradient).</summary>
    public static float[] RealProbability(Tensor logits)
    {
        ShapeUtil.ExpectRank(logits, 2, "RealProbability", "[N, C]");
        int n = logits.Dim(0), c = logits.Dim(1);
        var d = new float[n];
        for (var i = 0; i < n; i++)
        {
            d[i] = (float)LossKernels.Sigmoid(LossKernels.LogSumExp(logits.Data.AsSpan(i * c, c)));
        }

        return d;
    }
}
