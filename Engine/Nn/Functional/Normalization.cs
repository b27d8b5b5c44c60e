using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// Weight normalisation (Salimans &amp; Kingma 2016): w_o = g_o · v_o / ‖v_o‖ for each output row o of
    /// v [Out, In], g [Out] → w [Out, In]. With v̂ = v/‖v‖: dL/dg_o = dw_o·v̂_o and
    /// dL/dv_o = (g_o/‖v_o‖)·(dw_o − (dw_o·v̂_o)·v̂_o). Norms and dot products in double.
    /// </summary>
    public static Tensor WeightNorm(Tensor v, Tensor g)
    {
        ShapeUtil.ExpectRank(v, 2, "WeightNorm", "[Out, In]");
        int outF = v.Dim(0), inF = v.Dim(1);
        if (g.Size != outF)
        {
            throw new ArgumentException($"WeightNorm: scale has {g.Size} values for {outF} rows of {ShapeUtil.Format(v.Shape)}");
        }

        var norms = new double[outF];
        var w = new Tensor([outF, inF]);
        using var profile = Profiler.Measure("WeightNorm fwd");
        for (var o = 0; o < outF; o++)
        {
            var row = v.Data.AsSpan(o * inF, inF);
            norms[o] = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(row, row));
            if (!(norms[o] > 0))
            {
                throw new ArgumentException($"WeightNorm: row {o} of v has norm {norms[o]}");
            }

            System.Numerics.Tensors.TensorPrimitives.Multiply(row, (float)(g.Data[o] / norms[o]), w.Data.AsSpan(o * inF, inF));
        }

        w.RecordOp([v, g], () =>
        {
            using var profileB = Profiler.Measure("WeightNorm bwd");
            var dw = w.Grad!;
            for (var o = 0; o < outF; o++)
            {
                var row = v.Data.AsSpan(o * inF, inF);
                var drow = dw.AsSpan(o * inF, inF);
                double dot = 0;
                for (var k = 0; k < inF; k++)
                {
                    dot += (double)drow[k] * row[k];
                }

                var dg = dot / norms[o]; // dw·v̂
                if (g.RequiresGrad)
                {
                    g.GradBuffer()[o] += (float)dg;
                }

                if (v.RequiresGrad)
                {
                    var scale = g.Data[o] / norms[o];
                    var dv = v.GradBuffer().AsSpan(o * inF, inF);
                    for (var k = 0; k < inF; k++)
                    {
                        dv[k] += (float)(scale * (drow[k] - (dg * row[k] / norms[o])));
                    }
                }
            }
        });
        return w;
    }

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

        var invStd = new double[f];
        var xhat = new float[n * f];
        var y = new Tensor([n, f]);
        using var profile = Profiler.Measure("BatchNorm fwd");
        for (var j = 0; j < f; j++)
        {
            var (mean, variance) = ColumnMoments(x.Data, n, f, j);
            invStd[j] = 1 / Math.Sqrt(variance + epsilon);
            runningMean[j] = (float)(((1 - momentum) * runningMean[j]) + (momentum * mean));
            runningVar[j] = (float)(((1 - momentum) * runningVar[j]) + (momentum * variance * n / (n - 1)));
            var scale = gamma?.Data[j] ?? 1f;
            for (var i = 0; i < n; i++)
            {
                var h = (float)((x.Data[(i * f) + j] - mean) * invStd[j]);
                xhat[(i * f) + j] = h;
                y.Data[(i * f) + j] = (scale * h) + beta.Data[j];
            }
        }

        y.RecordOp(gamma is null ? [x, beta] : [x, gamma, beta], () =>
        {
            using var profileB = Profiler.Measure("BatchNorm bwd");
            var dy = y.Grad!;
            for (var j = 0; j < f; j++)
            {
                double sumDy = 0, sumDyXhat = 0;
                for (var i = 0; i < n; i++)
                {
                    sumDy += dy[(i * f) + j];
                    sumDyXhat += (double)dy[(i * f) + j] * xhat[(i * f) + j];
                }

                if (beta.RequiresGrad)
                {
                    beta.GradBuffer()[j] += (float)sumDy;
                }

                if (gamma is not null && gamma.RequiresGrad)
                {
                    gamma.GradBuffer()[j] += (float)sumDyXhat;
                }

                if (x.RequiresGrad)
                {
                    var dx = x.GradBuffer();
                    var k = (gamma?.Data[j] ?? 1f) * invStd[j];
                    for (var i = 0; i < n; i++)
                    {
                        dx[(i * f) + j] += (float)(k * (dy[(i * f) + j] - (sumDy / n) - (xhat[(i * f) + j] * sumDyXhat / n)));
                    }
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
