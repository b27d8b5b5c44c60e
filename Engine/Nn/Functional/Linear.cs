using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>y = x·Wᵀ + b. x [N, In], weight [Out, In] (PyTorch's Linear layout), bias [Out] → y [N, Out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ShapeUtil.ExpectRank(x, 2, "Linear", "[N, In]");
        ShapeUtil.ExpectRank(weight, 2, "Linear weight", "[Out, In]");
        int n = x.Dim(0), inF = x.Dim(1), outF = weight.Dim(0);
        if (weight.Dim(1) != inF || (bias is not null && bias.Size != outF))
        {
            throw new ArgumentException($"Linear: input {ShapeUtil.Format(x.Shape)} does not fit weight {ShapeUtil.Format(weight.Shape)} / bias {bias?.Size}");
        }

        var y = new Tensor([n, outF]);
        using var profile = Profiler.Measure((inF, outF), static s => $"Linear[{s.inF}→{s.outF}] fwd");
        Kernels.Gemm.Run(Blas.Blas.Current, false, true, n, outF, inF, 1f, x.Data, inF, weight.Data, inF, 0f, y.Data, outF);
        if (bias is not null)
        {
            for (var i = 0; i < n; i++)
            {
                var row = y.Data.AsSpan(i * outF, outF);
                System.Numerics.Tensors.TensorPrimitives.Add(row, bias.Data, row);
            }
        }

        y.RecordOp(bias is null ? [x, weight] : [x, weight, bias], () =>
        {
            using var profileB = Profiler.Measure((inF, outF), static s => $"Linear[{s.inF}→{s.outF}] bwd");
            var dy = y.Grad!;
            if (x.RequiresGrad)
            {
                Kernels.Gemm.Run(Blas.Blas.Current, false, false, n, inF, outF, 1f, dy, outF, weight.Data, inF, 1f, x.GradBuffer(), inF);
            }

            if (weight.RequiresGrad)
            {
                Kernels.Gemm.Run(Blas.Blas.Current, true, false, outF, inF, n, 1f, dy, outF, x.Data, inF, 1f, weight.GradBuffer(), inF);
            }

            if (bias is not null && bias.RequiresGrad)
            {
                var db = bias.GradBuffer();
                for (var i = 0; i < n; i++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(db, dy.AsSpan(i * outF, outF), db);
                }
            }
        });
        return y;
    }
}
