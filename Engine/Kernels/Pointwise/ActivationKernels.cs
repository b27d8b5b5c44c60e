using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// The pointwise family: elementwise passes with one path each (vectorised, halves across cores above a size).
/// This file: LeakyReLU and Tanh and their gradients, the fused-LeakyReLU gate (OpGradCheckTests.
/// ActivationAndReshapeGradients, FusedLeakyReluGradients); <see cref="DropoutKernels"/> (DropoutTests);
/// <see cref="LossKernels"/> (OpGradCheckTests.LossGradients); <see cref="AdamKernel"/> (AdamTests).
/// </summary>
public static unsafe class ActivationKernels
{
    // Below this, splitting an elementwise pass across cores costs more than it saves.
    private const int ParallelThreshold = 1 << 16;

    /// <summary>LeakyReLU over large tensors, halves on both cores (memory-bound, so one core cannot saturate it).</summary>
    public static void LeakyReluForwardParallel(ReadOnlySpan<float> x, float alpha, Span<float> y)
    {
        if (x.Length < ParallelThreshold)
        {
            LeakyReluForward(x, alpha, y);
            return;
        }

        fixed (float* px = x, py = y)
        {
            nint xs = (nint)px, ys = (nint)py;
            var half = x.Length / 2;
            var length = x.Length;
            Parts.For(2, part =>
            {
                int start = part * half, count = part == 0 ? half : length - half;
                LeakyReluForward(new ReadOnlySpan<float>((float*)xs + start, count), alpha, new Span<float>((float*)ys + start, count));
            });
        }
    }

    /// <summary>The backward of <see cref="LeakyReluForwardParallel"/>, split the same way.</summary>
    public static void LeakyReluBackwardParallel(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float alpha, Span<float> dx) =>
        BackwardParallel(x, dy, alpha, dx, accumulate: true);

    /// <summary>
    /// The gradient through a LeakyReLU fused into the layer below it, from the output alone: y &gt; 0 exactly where
    /// the pre-activation was (for alpha ≥ 0), so that need not be kept. dz is overwritten, not accumulated: it is
    /// the fused layer's scratch, not a tensor's gradient.
    /// </summary>
    // y, dy → dz = dy for y > 0, alpha·dy otherwise
    public static void LeakyReluGradFromOutput(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, float alpha, Span<float> dz)
    {
        if (y.Length != dy.Length || dz.Length < y.Length)
        {
            throw new ArgumentException($"LeakyReLU gradient: y {y.Length}, dy {dy.Length}, dz {dz.Length}");
        }

        BackwardParallel(y, dy, alpha, dz, accumulate: false);
    }

    /// <summary>
    /// <see cref="LeakyReluGradFromOutput"/> of the first size floats into a scratch buffer from <see cref="Workspace"/>
    /// (the caller returns it): the gradient a fused layer's kernels read when no copy of theirs applies the mask.
    /// </summary>
    internal static float[] LeakyReluGradScratch(float[] y, float[] dy, int size, float slope)
    {
        var dz = Workspace.Rent(size);
        using (Autograd.Profiler.Measure("  LeakyReLU mask"))
        {
            LeakyReluGradFromOutput(y.AsSpan(0, size), dy.AsSpan(0, size), slope, dz);
        }

        return dz;
    }

    /// <summary>One row of <see cref="LeakyReluGradFromOutput"/> for a copy that applies it on the way (<see cref="PaddedImages.Copy"/>).</summary>
    // dy [width], y [width] → dz [width] = dy where y > 0, slope·dy elsewhere
    internal static unsafe void GateRow(float* dy, float* y, float slope, float* dz, int width) =>
        Backward(new ReadOnlySpan<float>(y, width), new ReadOnlySpan<float>(dy, width), slope, new Span<float>(dz, width), accumulate: false);

    private static void BackwardParallel(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float alpha, Span<float> dx, bool accumulate)
    {
        if (x.Length < ParallelThreshold)
        {
            Backward(x, dy, alpha, dx, accumulate);
            return;
        }

        fixed (float* px = x, pg = dy, pd = dx)
        {
            nint xs = (nint)px, gs = (nint)pg, ds = (nint)pd;
            var half = x.Length / 2;
            var length = x.Length;
            Parts.For(2, part =>
            {
                int start = part * half, count = part == 0 ? half : length - half;
                Backward(
                    new ReadOnlySpan<float>((float*)xs + start, count),
                    new ReadOnlySpan<float>((float*)gs + start, count),
                    alpha,
                    new Span<float>((float*)ds + start, count),
                    accumulate);
            });
        }
    }

    // x → y = x for x > 0, alpha·x otherwise
    public static void LeakyReluForward(ReadOnlySpan<float> x, float alpha, Span<float> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= x.Length - 8; i += 8)
            {
                var v = Vector256.Create(x.Slice(i, 8));
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, v * a).CopyTo(y.Slice(i, 8));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : alpha * x[i];
        }
    }

    // dy, x → dx (+= with accumulate, = without)
    private static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float alpha, Span<float> dx, bool accumulate)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var a = Vector256.Create(alpha);
            for (; i <= x.Length - 8; i += 8)
            {
                var g = Vector256.Create(dy.Slice(i, 8));
                var v = Vector256.ConditionalSelect(Vector256.GreaterThan(Vector256.Create(x.Slice(i, 8)), Vector256<float>.Zero), g, g * a);
                (accumulate ? Vector256.Create(dx.Slice(i, 8)) + v : v).CopyTo(dx.Slice(i, 8));
            }
        }

        for (; i < x.Length; i++)
        {
            var v = x[i] > 0f ? dy[i] : alpha * dy[i];
            dx[i] = accumulate ? dx[i] + v : v;
        }
    }

    public static void TanhForward(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    // dy, y → dx (+=) with dtanh = 1 − y²
    public static void TanhBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (var i = 0; i < y.Length; i++)
        {
            dx[i] += dy[i] * (1f - (y[i] * y[i]));
        }
    }
}
