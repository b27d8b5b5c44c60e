using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// Batch normalisation over the batch of x [N, F] (training mode): x̂ = (x − μ)/√(σ² + ε) with the batch mean μ
    /// and biased variance σ², y = γ·x̂ + β (γ optional: Lasagne's batch_norm with g=None has a shift only).
    /// <paramref name="runningMean"/>/<paramref name="runningVar"/> [F] move towards μ and the unbiased variance by
    /// <paramref name="momentum"/> (PyTorch's convention), for <see cref="BatchNormInference"/>. Backward:
    /// dx = (γ/√(σ² + ε))·(dy − mean(dy) − x̂·mean(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy.
    /// </summary>
    public static Tensor BatchNorm(Tensor x, Tensor? gamma, Tensor beta, float epsilon, float momentum, float[] runningMean, float[] runningVar)
    {
        ShapeUtil.ExpectRank(x, 2, "BatchNorm", "[N, F]");
        int n = x.Dim(0), f = x.Dim(1);
        if (n < 2 || beta.Size != f || (gamma is not null && gamma.Size != f) || runningMean.Length != f || runningVar.Length != f)
        {
            throw new ArgumentException($"BatchNorm: input {ShapeUtil.Format(x.Shape)} (batch ≥ 2) against {f} features: beta {beta.Size}, gamma {gamma?.Size}, running {runningMean.Length}/{runningVar.Length}");
        }

        // Row by row (the columns are strided), each column's sums in double in the order of its rows; x̂ is
        // recomputed in the backward, bit for bit, rather than kept.
        var mean = new double[f];
        var invStd = new double[f];
        var y = new Tensor([n, f]);
        var gammaValues = gamma is null ? [] : gamma.Data.AsSpan(0, f);
        using var profile = Profiler.Measure("BatchNorm fwd");
        for (var i = 0; i < n; i++)
        {
            BatchNormKernels.AddRow(x.Data.AsSpan(i * f, f), mean);
        }

        var sq = new double[f];
        for (var j = 0; j < f; j++)
        {
            mean[j] /= n;
        }

        for (var i = 0; i < n; i++)
        {
            BatchNormKernels.AddSquaredDeviations(x.Data.AsSpan(i * f, f), mean, sq);
        }

        for (var j = 0; j < f; j++)
        {
            var variance = sq[j] / n;
            invStd[j] = 1 / Math.Sqrt(variance + epsilon);
            runningMean[j] = (float)(((1 - momentum) * runningMean[j]) + (momentum * mean[j]));
            runningVar[j] = (float)(((1 - momentum) * runningVar[j]) + (momentum * variance * n / (n - 1)));
        }

        for (var i = 0; i < n; i++)
        {
            BatchNormKernels.Normalize(x.Data.AsSpan(i * f, f), mean, invStd, gammaValues, beta.Data.AsSpan(0, f), y.Data.AsSpan(i * f, f));
        }

        y.RecordOp(gamma is null ? [x, beta] : [x, gamma, beta], () =>
        {
            using var profileB = Profiler.Measure("BatchNorm bwd");
            var dy = y.Grad!;
            var sumDy = new double[f];
            var sumDyXhat = new double[f];
            for (var i = 0; i < n; i++)
            {
                BatchNormKernels.AddGradientSums(x.Data.AsSpan(i * f, f), dy.AsSpan(i * f, f), mean, invStd, sumDy, sumDyXhat);
            }

            for (var j = 0; j < f; j++)
            {
                if (beta.RequiresGrad)
                {
                    beta.GradBuffer()[j] += (float)sumDy[j];
                }

                if (gamma is not null && gamma.RequiresGrad)
                {
                    gamma.GradBuffer()[j] += (float)sumDyXhat[j];
                }
            }

            if (x.RequiresGrad)
            {
                var k = new double[f];
                var meanDy = new double[f];
                for (var j = 0; j < f; j++)
                {
                    k[j] = (gamma?.Data[j] ?? 1f) * invStd[j];
                    meanDy[j] = sumDy[j] / n;
                }

                var dx = x.GradBuffer();
                for (var i = 0; i < n; i++)
                {
                    BatchNormKernels.AddInputGradient(x.Data.AsSpan(i * f, f), dy.AsSpan(i * f, f), mean, invStd, k, meanDy, sumDyXhat, n, dx.AsSpan(i * f, f));
                }
            }
        });
        return y;
    }

    /// <summary>Mean and biased variance of column j of a row-major [n, f] array, two passes in double.</summary>
    internal static (double Mean, double Variance) ColumnMoments(float[] data, int n, int f, int j)
    {
        double mean = 0, sq = 0;
        for (var i = 0; i < n; i++)
        {
            mean += data[(i * f) + j];
        }

        mean /= n;
        for (var i = 0; i < n; i++)
        {
            var d = data[(i * f) + j] - mean;
            sq += d * d;
        }

        return (mean, sq / n);
    }

    /// <summary>Batch normalisation with fixed statistics (evaluation): y = γ·(x − mean)/√(var + ε) + β, no gradient to them.</summary>
    public static Tensor BatchNormInference(Tensor x, Tensor? gamma, Tensor beta, float epsilon, float[] mean, float[] variance)
    {
        ShapeUtil.ExpectRank(x, 2, "BatchNormInference", "[N, F]");
        int n = x.Dim(0), f = x.Dim(1);
        if (beta.Size != f || mean.Length != f || variance.Length != f || (gamma is not null && gamma.Size != f))
        {
            throw new ArgumentException($"BatchNormInference: input {ShapeUtil.Format(x.Shape)} against beta {beta.Size}, gamma {gamma?.Size}, statistics {mean.Length}/{variance.Length}");
        }

        var y = new Tensor([n, f]);
        var scale = new float[f];
        for (var j = 0; j < f; j++)
        {
            scale[j] = (gamma?.Data[j] ?? 1f) / MathF.Sqrt(variance[j] + epsilon);
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < f; j++)
            {
                y.Data[(i * f) + j] = (scale[j] * (x.Data[(i * f) + j] - mean[j])) + beta.Data[j];
            }
        }

        y.RecordOp([x], () =>
        {
            var (dy, dx) = (y.Grad!, x.GradBuffer());
            for (var i = 0; i < n * f; i++)
            {
                dx[i] += scale[i % f] * dy[i];
            }
        });
        return y;
    }
}
