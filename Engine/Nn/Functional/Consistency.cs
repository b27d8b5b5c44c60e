using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// The Π-model's consistency loss (Laine &amp; Aila 2017) between two predictions of the same images under
    /// different noise: (1/(N·C))·Σ_ij (p_ij − q_ij)² with p = softmax(a), q = softmax(b), a and b logits [N, C]. Both
    /// sides get a gradient: with g = 2(p − q)/(N·C), dL/da_j = p_j (g_j − Σ_k p_k g_k) and dL/db_j = −q_j (g_j − Σ_k q_k g_k).
    /// </summary>
    public static Tensor SoftmaxConsistency(Tensor a, Tensor b)
    {
        ShapeUtil.ExpectRank(a, 2, "SoftmaxConsistency", "[N, C]");
        ShapeUtil.ExpectRank(b, 2, "SoftmaxConsistency", "[N, C]");
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
        {
            throw new ArgumentException($"SoftmaxConsistency: logits {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)} differ in shape");
        }

        int n = a.Dim(0), c = a.Dim(1);
        using var profile = Profiler.Measure("SoftmaxConsistency");
        double[] p = Softmax(a, n, c), q = Softmax(b, n, c);
        var loss = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            loss += (p[i] - q[i]) * (p[i] - q[i]);
        }

        var y = new Tensor([1], [(float)(loss / (n * c))]);
        y.RecordOp([a, b], () =>
        {
            using var profileB = Profiler.Measure("SoftmaxConsistency bwd");
            var scale = 2.0 * y.Grad![0] / (n * c);
            var g = new double[c];
            foreach (var (logits, probs, sign) in new[] { (a, p, 1.0), (b, q, -1.0) })
            {
                if (!logits.RequiresGrad)
                {
                    continue;
                }

                var d = logits.GradBuffer();
                for (var i = 0; i < n; i++)
                {
                    var dot = 0.0;
                    for (var j = 0; j < c; j++)
                    {
                        g[j] = scale * (p[(i * c) + j] - q[(i * c) + j]);
                        dot += probs[(i * c) + j] * g[j];
                    }

                    for (var j = 0; j < c; j++)
                    {
                        d[(i * c) + j] += (float)(sign * probs[(i * c) + j] * (g[j] - dot));
                    }
                }
            }
        });
        return y;
    }

    /// <summary>Row-wise softmax of logits [n, c] in double, through log-sum-exp so ±1000 stays finite.</summary>
    private static double[] Softmax(Tensor logits, int n, int c)
    {
        var result = new double[n * c];
        for (var i = 0; i < n; i++)
        {
            var row = logits.Data.AsSpan(i * c, c);
            var lse = LossKernels.LogSumExp(row);
            for (var j = 0; j < c; j++)
            {
                result[(i * c) + j] = Math.Exp(row[j] - lse);
            }
        }

        return result;
    }
}
