using Ssgan.Engine.Autograd;
using Ssgan.Engine.Kernels;

namespace Ssgan.Engine.Nn;

public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch and Keras). x [N, C, H, W], weight [OC, C, K, K], bias [OC]
    /// → y [N, OC, OH, OW]. The GEMM formulation is picked by shape: im2col + GEMM in general; for stride 1 with
    /// few output channels (the generator's 128→1, 7×7 output layer) GEMM + col2im over flipped weights, whose
    /// scratch is OC·K²·H·W instead of C·K²·OH·OW (49 vs 6272 rows per pixel there). With leakySlope the result
    /// is LeakyReLU(conv) — see <see cref="FusedLeakyRelu"/>. kernels picks the kernel paths and provider (default:
    /// every path the current provider declares, see <see cref="KernelOptions.For"/>).
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, int stride, Padding padding, float? leakySlope = null, KernelOptions? kernels = null)
    {
        CheckFusedSlope(leakySlope);
        var paths = kernels ?? KernelOptions.Current;
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
            using var profileT = Profiler.Measure((c, oc, k, leakySlope.HasValue), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}]{Fused(s.HasValue)} fwd");
            ConvTranspose2dKernels.Forward(paths, x.Data, flipped, bias?.Data, n, c, gt, y.Data, leakySlope);
            y.RecordOp(parents, () =>
            {
                using var profileB = Profiler.Measure((c, oc, k, leakySlope.HasValue), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}]{Fused(s.HasValue)} bwd");
                var dFlipped = weight.RequiresGrad ? new float[flipped.Length] : null;
                var dy = ThroughFusedLeakyRelu(y, leakySlope);
                ConvTranspose2dKernels.Backward(paths, x.Data, flipped, dy, n, c, gt, GradOrNull(x), dFlipped, GradOrNull(bias));
                ReturnScratch(dy, y);
                if (dFlipped is not null)
                {
                    var back = FlipKernel(dFlipped, c, oc, k);
                    System.Numerics.Tensors.TensorPrimitives.Add(weight.GradBuffer(), back, weight.GradBuffer());
                }
            });
            return y;
        }

        using var profile = Profiler.Measure((c, oc, k, leakySlope.HasValue), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}]{Fused(s.HasValue)} fwd");
        Conv2dKernels.Forward(paths, x.Data, weight.Data, bias is null ? [] : bias.Data, n, oc, g, y.Data, leakySlope);
        y.RecordOp(parents, () =>
        {
            using var profileB = Profiler.Measure((c, oc, k, leakySlope.HasValue), static s => $"Conv2d[{s.c}→{s.oc},k{s.k}]{Fused(s.HasValue)} bwd");
            var dy = ThroughFusedLeakyRelu(y, leakySlope);
            Conv2dKernels.Backward(paths, x.Data, weight.Data, dy, n, oc, g, GradOrNull(x), GradOrNull(weight), GradOrNull(bias));
            ReturnScratch(dy, y);
        });
        return y;
    }

    /// <summary>
    /// Transposed 2-D convolution (the adjoint of Conv2d). x [N, Cin, H, W], weight [Cin, Cout, K, K] (PyTorch's
    /// ConvTranspose2d layout), bias [Cout] → y [N, Cout, OH, OW]; 'same' gives OH = H·stride (Keras Conv2DTranspose).
    /// With leakySlope the result is LeakyReLU(convT) — see <see cref="FusedLeakyRelu"/>; kernels as for <see cref="Conv2d"/>.
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias, int stride, Padding padding, float? leakySlope = null, KernelOptions? kernels = null)
    {
        CheckFusedSlope(leakySlope);
        var paths = kernels ?? KernelOptions.Current;
        ShapeUtil.ExpectRank(x, 4, "ConvTranspose2d", "[N, Cin, H, W]");
        ShapeUtil.ExpectRank(weight, 4, "ConvTranspose2d weight", "[Cin, Cout, K, K]");
        int n = x.Dim(0), cin = x.Dim(1), cout = weight.Dim(1), k = weight.Dim(2);
        if (weight.Dim(0) != cin || weight.Dim(3) != k || (bias is not null && bias.Size != cout))
        {
            throw new ArgumentException($"ConvTranspose2d: input {ShapeUtil.Format(x.Shape)} does not fit weight {ShapeUtil.Format(weight.Shape)} / bias {bias?.Size}");
        }

        var g = ConvGeometry.ForTransposed(cout, x.Dim(2), x.Dim(3), k, stride, padding);
        var y = new Tensor([n, cout, g.Height, g.Width]);
        using (Profiler.Measure((cin, cout, k, leakySlope.HasValue), static s => $"ConvTranspose2d[{s.cin}→{s.cout},k{s.k}]{Fused(s.HasValue)} fwd"))
        {
            ConvTranspose2dKernels.Forward(paths, x.Data, weight.Data, bias?.Data, n, cin, g, y.Data, leakySlope);
        }

        y.RecordOp(bias is null ? [x, weight] : [x, weight, bias], () =>
        {
            using var profileB = Profiler.Measure((cin, cout, k, leakySlope.HasValue), static s => $"ConvTranspose2d[{s.cin}→{s.cout},k{s.k}]{Fused(s.HasValue)} bwd");
            if (leakySlope is { } slope)
            {
                ConvTranspose2dKernels.BackwardThroughLeakyRelu(paths, x.Data, weight.Data, y.Data, y.Grad!, slope, n, cin, g, GradOrNull(x), GradOrNull(weight), GradOrNull(bias));
                return;
            }

            ConvTranspose2dKernels.Backward(paths, x.Data, weight.Data, y.Grad!, n, cin, g, GradOrNull(x), GradOrNull(weight), GradOrNull(bias));
        });
        return y;
    }

    /// <summary>
    /// How a convolution fuses the LeakyReLU that follows it (the issue's "bias + activation in the producing
    /// kernel"): the kernel stores max(v, slope·v) where it stores v — no pass of its own over the output, no
    /// pre-activation tensor. The backward pass recovers the mask from the output (y &gt; 0 ⇔ v &gt; 0 for a slope
    /// in [0, 1], the only slopes for which max(v, slope·v) is LeakyReLU) into a scratch gradient for the layer's kernels.
    /// </summary>
    public const string FusedLeakyRelu = "+LeakyReLU";

    private static string Fused(bool fused) => fused ? FusedLeakyRelu : "";

    private static void CheckFusedSlope(float? leakySlope)
    {
        if (leakySlope is { } slope && !(slope >= 0 && slope <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(leakySlope), slope, "a LeakyReLU fused into a convolution needs a slope in [0, 1]");
        }
    }

    // The output's gradient as the convolution's kernels see it: y.Grad itself, or through the fused LeakyReLU.
    private static float[] ThroughFusedLeakyRelu(Tensor y, float? leakySlope)
    {
        if (leakySlope is not { } slope)
        {
            return y.Grad!;
        }

        return Kernels.ActivationKernels.LeakyReluGradScratch(y.Data, y.Grad!, y.Size, slope);
    }

    private static void ReturnScratch(float[] dy, Tensor y)
    {
        if (!ReferenceEquals(dy, y.Grad))
        {
            Workspace.Return(dy);
        }
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
