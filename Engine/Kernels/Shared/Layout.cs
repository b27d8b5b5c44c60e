using System.Numerics.Tensors;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Moves a chunk of images between NCHW and channel-major [C, B·P] (P = pixels per image), the layout in which a
/// whole chunk is one GEMM operand. Memory-bound, so the channels are split across cores.
/// </summary>
public static unsafe class Layout
{
    // src [B, C, P] → dst [C, B·P]
    public static void ToChannelMajor(ReadOnlySpan<float> src, int b, int c, int p, Span<float> dst)
    {
        fixed (float* ps = src, pd = dst)
        {
            nint s = (nint)ps, d = (nint)pd;
            Parts.For(c, ch =>
            {
                for (var i = 0; i < b; i++)
                {
                    new ReadOnlySpan<float>((float*)s + (((i * c) + ch) * p), p).CopyTo(new Span<float>((float*)d + (ch * b * p) + (i * p), p));
                }
            });
        }
    }

    // src [C, B·P] → dst [B, C, P] (+=)
    public static void AddFromChannelMajor(ReadOnlySpan<float> src, int b, int c, int p, Span<float> dst)
    {
        fixed (float* ps = src, pd = dst)
        {
            nint s = (nint)ps, d = (nint)pd;
            Parts.For(c, ch =>
            {
                for (var i = 0; i < b; i++)
                {
                    var to = new Span<float>((float*)d + (((i * c) + ch) * p), p);
                    TensorPrimitives.Add(to, new ReadOnlySpan<float>((float*)s + (ch * b * p) + (i * p), p), to);
                }
            });
        }
    }

    // src [C, B·P], bias [C] (or empty) → dst [B, C, P] (=), through LeakyReLU with leakySlope
    public static void FromChannelMajor(ReadOnlySpan<float> src, ReadOnlySpan<float> bias, int b, int c, int p, Span<float> dst, float? leakySlope = null)
    {
        fixed (float* ps = src, pd = dst, pb = bias)
        {
            nint s = (nint)ps, d = (nint)pd, bb = (nint)pb;
            var hasBias = !bias.IsEmpty;
            var leaky = leakySlope.HasValue;
            var slope = leakySlope ?? 1f;
            Parts.For(c, ch =>
            {
                for (var i = 0; i < b; i++)
                {
                    var to = new Span<float>((float*)d + (((i * c) + ch) * p), p);
                    var from = new ReadOnlySpan<float>((float*)s + (ch * b * p) + (i * p), p);
                    if (hasBias)
                    {
                        TensorPrimitives.Add(from, ((float*)bb)[ch], to);
                    }
                    else
                    {
                        from.CopyTo(to);
                    }

                    if (leaky)
                    {
                        ActivationKernels.LeakyReluForward(to, slope, to);
                    }
                }
            });
        }
    }

    // dy [N, C, P] → db [C] (+=): the bias gradient of a convolution.
    public static void AddChannelSums(ReadOnlySpan<float> dy, int n, int c, int p, Span<float> db)
    {
        fixed (float* pdy = dy, pdb = db)
        {
            nint g = (nint)pdy, d = (nint)pdb;
            Parts.For(c, ch =>
            {
                var sum = 0f;
                for (var i = 0; i < n; i++)
                {
                    sum += TensorPrimitives.Sum(new ReadOnlySpan<float>((float*)g + (((i * c) + ch) * p), p));
                }

                ((float*)d)[ch] += sum;
            });
        }
    }
}
