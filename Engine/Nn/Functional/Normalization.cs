using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// Weight normalisation (Salimans &amp; Kingma 2016): w_o = g_o · v_o / ‖v_o‖ for each output row o of
    /// v [Out, In], g [Out] → w [Out, In]. With v̂ = v/‖v‖: dL/dg_o = dw_o·v̂_o and
    /// dL/dv_o = (g_o/‖v_o‖)·(dw_o − (dw_o·v̂_o)·v̂_o). Norms and dot products accumulate in double.
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
        using (Profiler.Measure("WeightNorm fwd"))
        {
            for (var o = 0; o < outF; o++)
            {
                var row = v.Data.AsSpan(o * inF, inF);
                norms[o] = Math.Sqrt(Kernels.WeightNormKernels.DotDouble(row, row));
                if (!(norms[o] > 0))
                {
                    throw new ArgumentException($"WeightNorm: row {o} of v has norm {norms[o]}");
                }

                Kernels.WeightNormKernels.RowForward(row, (float)(g.Data[o] / norms[o]), w.Data.AsSpan(o * inF, inF));
            }
        }

        w.RecordOp([v, g], () =>
        {
            using var profileB = Profiler.Measure("WeightNorm bwd");
            var dw = w.Grad!;
            var dg = g.RequiresGrad ? g.GradBuffer() : null;
            var dv = v.RequiresGrad ? v.GradBuffer() : null;
            for (var o = 0; o < outF; o++)
            {
                var row = v.Data.AsSpan(o * inF, inF);
                var drow = dw.AsSpan(o * inF, inF);
                var dot = Kernels.WeightNormKernels.DotDouble(drow, row) / norms[o]; // dw·v̂
                dg?[o] += (float)dot;
                if (dv is not null)
                {
                    var scale = g.Data[o] / norms[o];
                    Kernels.WeightNormKernels.RowBackward(drow, row, (float)scale, (float)(scale * dot / norms[o]), dv.AsSpan(o * inF, inF));
                }
            }
        });
        return w;
    }
}
