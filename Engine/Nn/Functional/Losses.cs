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

        using var profile = Profiler.Measure("CrossEntropy");
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
            using var profileB = Profiler.Measure("CrossEntropy bwd");
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
        using var profile = Profiler.Measure("RealFakeLoss");
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
            using var profileB = Profiler.Measure("RealFakeLoss bwd");
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

    /// <summary>
    /// Mean entropy of the softmax of logits [N, C]: (1/N)·Σ_i −Σ_j p_ij log p_ij with log p = l − LSE(l). Minimised on
    /// unlabelled images it pushes the classifier to confident predictions (Grandvalet &amp; Bengio 2005), i.e. its
    /// boundaries into low-density regions. dH_i/dl_j = −p_j (log p_j + H_i).
    /// </summary>
    public static Tensor SoftmaxEntropy(Tensor logits)
    {
        ShapeUtil.ExpectRank(logits, 2, "SoftmaxEntropy", "[N, C]");
        int n = logits.Dim(0), c = logits.Dim(1);
        using var profile = Profiler.Measure("SoftmaxEntropy");
        var logP = new double[n * c];
        var probs = new double[n * c];
        var entropy = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = logits.Data.AsSpan(i * c, c);
            var lse = LossKernels.LogSumExp(row);
            for (var j = 0; j < c; j++)
            {
                logP[(i * c) + j] = row[j] - lse;
                probs[(i * c) + j] = Math.Exp(logP[(i * c) + j]);
                entropy[i] -= probs[(i * c) + j] * logP[(i * c) + j];
            }
        }

        var y = new Tensor([1], [(float)(entropy.Sum() / n)]);
        y.RecordOp([logits], () =>
        {
            using var profileB = Profiler.Measure("SoftmaxEntropy bwd");
            var scale = y.Grad![0] / (double)n;
            var dl = logits.GradBuffer();
            for (var i = 0; i < n * c; i++)
            {
                dl[i] -= (float)(scale * probs[i] * (logP[i] + entropy[i / c]));
            }
        });
        return y;
    }

    /// <summary>
    /// Feature matching (Salimans et al. 2016): L = (1/F)·Σ_j (mean_i a_ij − mean_i b_ij)² between the mean features
    /// of a [Na, F] (generated) and b [Nb, F] (real). dL/da_ij = 2(m_a − m_b)_j/(F·Na), dL/db_ij = −2(m_a − m_b)_j/(F·Nb).
    /// </summary>
    public static Tensor FeatureMatching(Tensor a, Tensor b)
    {
        ShapeUtil.ExpectRank(a, 2, "FeatureMatching", "[N, F]");
        ShapeUtil.ExpectRank(b, 2, "FeatureMatching", "[M, F]");
        int na = a.Dim(0), nb = b.Dim(0), f = a.Dim(1);
        if (b.Dim(1) != f || na == 0 || nb == 0)
        {
            throw new ArgumentException($"FeatureMatching: features {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)} must share F and have rows");
        }

        using var profile = Profiler.Measure("FeatureMatching");
        var diff = new double[f];
        for (var i = 0; i < na * f; i++)
        {
            diff[i % f] += (double)a.Data[i] / na;
        }

        for (var i = 0; i < nb * f; i++)
        {
            diff[i % f] -= (double)b.Data[i] / nb;
        }

        var y = new Tensor([1], [(float)(diff.Sum(d => d * d) / f)]);
        y.RecordOp([a, b], () =>
        {
            using var profileB = Profiler.Measure("FeatureMatching bwd");
            var upstream = (double)y.Grad![0];
            if (a.RequiresGrad)
            {
                var da = a.GradBuffer();
                for (var i = 0; i < na * f; i++)
                {
                    da[i] += (float)(upstream * 2 * diff[i % f] / (f * (double)na));
                }
            }

            if (b.RequiresGrad)
            {
                var db = b.GradBuffer();
                for (var i = 0; i < nb * f; i++)
                {
                    db[i] -= (float)(upstream * 2 * diff[i % f] / (f * (double)nb));
                }
            }
        });
        return y;
    }

    /// <summary>Keras' backend epsilon, the clip of binary_crossentropy on a probability.</summary>
    public const double KerasEpsilon = 1e-7;

    /// <summary>
    /// <see cref="RealFakeLoss"/> as Keras computes binary_crossentropy on the probability D = sigmoid(LSE(l)):
    /// D is clipped to [ε, 1 − ε] and the loss is −log(D + ε) (real) or −log(1 − D + ε) (fake), ε = 1e-7. Past the
    /// clip (loss ≈ 16.1) the gradient is zero, which the softplus form never does. Mean over the batch.
    /// </summary>
    public static Tensor RealFakeLossKerasClip(Tensor logits, bool real)
    {
        ShapeUtil.ExpectRank(logits, 2, "RealFakeLossKerasClip", "[N, C]");
        int n = logits.Dim(0), c = logits.Dim(1);
        var lse = new double[n];
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            lse[i] = LossKernels.LogSumExp(logits.Data.AsSpan(i * c, c));
            var d = Math.Clamp(LossKernels.Sigmoid(lse[i]), KerasEpsilon, 1 - KerasEpsilon);
            loss -= Math.Log((real ? d : 1 - d) + KerasEpsilon);
        }

        var y = new Tensor([1], [(float)(loss / n)]);
        y.RecordOp([logits], () =>
        {
            // Inside the clip: d/dl_j −log(D + ε) = −D(1 − D)/(D + ε) · softmax_j, and +D(1 − D)/(1 − D + ε) · softmax_j
            // for the fake target (dD/dl_j = D(1 − D) softmax_j); outside it clip_by_value passes no gradient.
            var scale = y.Grad![0] / n;
            var dl = logits.GradBuffer();
            for (var i = 0; i < n; i++)
            {
                double d = LossKernels.Sigmoid(lse[i]), oneMinusD = LossKernels.Sigmoid(-lse[i]);
                if (d <= KerasEpsilon || d >= 1 - KerasEpsilon)
                {
                    continue;
                }

                var outer = scale * d * oneMinusD * (real ? -1 / (d + KerasEpsilon) : 1 / (oneMinusD + KerasEpsilon));
                for (var j = 0; j < c; j++)
                {
                    dl[(i * c) + j] += (float)(outer * Math.Exp(logits.Data[(i * c) + j] - lse[i]));
                }
            }
        });
        return y;
    }
}
