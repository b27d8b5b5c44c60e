using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch and Keras). x [N, C, H, W], weight [OC, C, K, K], bias [OC]
    /// → y [N, OC, OH, OW]. The GEMM formulation is picked by shape: im2col + GEMM in general; for stride 1 with
    /// few output channels (the generator's 128→1, 7×7 output layer) GEMM + col2im over flipped weights, whose
    /// scratch is OC·K²·H·W instead of C·K²·OH·OW (49 vs 6272 rows per pixel there).
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride, Padding padding)
    {
        ShapeUtil.ExpectRank(x, 4, "Conv2d", "[N, C, H, W]");
        ShapeUtil.ExpectRank(weight, 4, "Conv2d weight", "[OC, C, K, K]");
        int n = x.Dim(0), c = x.Dim(1), oc = weight.Dim(0), k = weight.Dim(2);
        if (weight.Dim(1) != c || weight.Dim(3) != k || (bias is not null && bias.Size != oc))
        {
            throw new ArgumentException($"Conv2d: input {ShapeUtil.Format(x.Shape)} does not fit weight {ShapeUtil.Format(weight.Shape)} / bias {bias?.Size}");
        }

        var g = ConvGeometry.ForConv(c, x.Dim(2), x.Dim(3), k, stride, padding);
        var y = new Tensor([n, oc, g.OutHeight, g.OutWidth]);
        Tensor[] parents = bias is null ? [x, weight] : [x, weight, bias];
        if (stride == 1 && 2L * oc * g.InPixels <= (long)c * g.OutPixels)
        {
            // Y = conv(X, W) equals convT(X, flip(W)) with padding K−1−p: the output grid becomes the "input" grid.
            var gt = new ConvGeometry(oc, g.OutHeight, g.OutWidth, k, 1, k - 1 - g.PadTop, k - 1 - g.PadLeft, g.Height, g.Width);
            var flipped = FlipKernel(weight.Data, oc, c, k);
            using var profileT = Profiler.Measure((c, oc, k), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}] fwd");
            ConvTranspose2dKernels.Forward(x.Data, flipped, bias?.Data, n, c, gt, y.Data);
            y.RecordOp(parents, () =>
            {
                using var profileB = Profiler.Measure((c, oc, k), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}] bwd");
                var dFlipped = weight.RequiresGrad ? new float[flipped.Length] : null;
                ConvTranspose2dKernels.Backward(x.Data, flipped, y.Grad!, n, c, gt, GradOrNull(x), dFlipped, GradOrNull(bias));
                if (dFlipped is not null)
                {
                    var back = FlipKernel(dFlipped, c, oc, k);
                    System.Numerics.Tensors.TensorPrimitives.Add(weight.GradBuffer(), back, weight.GradBuffer());
                }
            });
            return y;
        }

        using var profile = Profiler.Measure((c, oc, k), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}] fwd");
        Conv2dKernels.Forward(x.Data, weight.Data, bias is null ? [] : bias.Data, n, oc, g, y.Data);
        y.RecordOp(parents, () =>
        {
            using var profileB = Profiler.Measure((c, oc, k), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}] bwd");
            Conv2dKernels.Backward(x.Data, weight.Data, y.Grad!, n, oc, g, GradOrNull(x), GradOrNull(weight), GradOrNull(bias));
        });
        return y;
    }

    /// <summary>
    /// Transposed 2-D convolution (the adjoint of Conv2d). x [N, Cin, H, W], weight [Cin, Cout, K, K] (PyTorch's
    /// ConvTranspose2d layout), bias [Cout] → y [N, Cout, OH, OW]; 'same' gives OH = H·stride (Keras Conv2DTranspose).
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, int stride, Padding padding)
    {
        ShapeUtil.ExpectRank(x, 4, "ConvTranspose2d", "[N, Cin, H, W]");
        ShapeUtil.ExpectRank(weight, 4, "ConvTranspose2d weight", "[Cin, Cout, K, K]");
        int n = x.Dim(0), cin = x.Dim(1), cout = weight.Dim(1), k = weight.Dim(2);
        if (weight.Dim(0) != cin || weight.Dim(3) != k || (bias is not null && bias.Size != cout))
        {
            throw new ArgumentException($"ConvTranspose2d: input {ShapeUtil.Format(x.Shape)} does not fit weight {ShapeUtil.Format(weight.Shape)} / bias {bias?.Size}");
        }

        var g = ConvGeometry.ForTransposed(cout, x.Dim(2), x.Dim(3), k, stride, padding);
        var y = new Tensor([n, cout, g.Height, g.Width]);
        using (Profiler.Measure((cin, cout, k), static s => $"ConvTranspose2d[{s.cin}→{s.cout},k{s.k}] fwd"))
        {
            ConvTranspose2dKernels.Forward(x.Data, weight.Data, bias?.Data, n, cin, g, y.Data);
        }

        y.RecordOp(bias is null ? [x, weight] : [x, weight, bias], () =>
        {
            using var profileB = Profiler.Measure((cin, cout, k), static s => $"ConvTranspose2d[{s.cin}→{s.cout},k{s.k}] bwd");
            ConvTranspose2dKernels.Backward(x.Data, weight.Data, y.Grad!, n, cin, g, GradOrNull(x), GradOrNull(weight), GradOrNull(bias));
        });
        return y;
    }

    private static float[]? GradOrNull(Tensor? t) => t is not null && t.RequiresGrad ? t.GradBuffer() : null;

    // w [A, B, K, K] → [B, A, K, K] rotated 180° in the kernel plane.
    private static float[] FlipKernel(float[] w, int a, int b, int k)
    {
        var kk = k * k;
        var result = new float[w.Length];
        for (var i = 0; i < a; i++)
        {
            for (var j = 0; j < b; j++)
            {
                var src = w.AsSpan(((i * b) + j) * kk, kk);
                var dst = result.AsSpan(((j * a) + i) * kk, kk);
                for (var t = 0; t < kk; t++)
                {
                    dst[kk - 1 - t] = src[t];
                }
            }
        }

        return result;
    }
}
