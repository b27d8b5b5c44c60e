using System.Numerics.Tensors;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Moves a chunk of images between NCHW and channel-major [C, B·P] (P = pixels per image), the layout in which a
/// whole chunk is one GEMM operand.
/// </summary>
public static class Layout
{
    // src [B, C, P] → dst [C, B·P]
    public static void ToChannelMajor(ReadOnlySpan<float> src, int b, int c, int p, Span<float> dst)
    {
        for (var i = 0; i < b; i++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                src.Slice(((i * c) + ch) * p, p).CopyTo(dst.Slice((ch * b * p) + (i * p), p));
            }
        }
    }

    // src [C, B·P] → dst [B, C, P] (+=)
    public static void AddFromChannelMajor(ReadOnlySpan<float> src, int b, int c, int p, Span<float> dst)
    {
        for (var i = 0; i < b; i++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var d = dst.Slice(((i * c) + ch) * p, p);
                TensorPrimitives.Add(d, src.Slice((ch * b * p) + (i * p), p), d);
            }
        }
    }

    // src [C, B·P], bias [C] (or empty) → dst [B, C, P] (=)
    public static void FromChannelMajor(ReadOnlySpan<float> src, ReadOnlySpan<float> bias, int b, int c, int p, Span<float> dst)
    {
        for (var i = 0; i < b; i++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                var d = dst.Slice(((i * c) + ch) * p, p);
                var s = src.Slice((ch * b * p) + (i * p), p);
                if (bias.IsEmpty)
                {
                    s.CopyTo(d);
                }
                else
                {
                    TensorPrimitives.Add(s, bias[ch], d);
                }
            }
        }
    }

    // dy [N, C, P] → db [C] (+=): the bias gradient of a convolution.
    public static void AddChannelSums(ReadOnlySpan<float> dy, int n, int c, int p, Span<float> db)
    {
        for (var i = 0; i < n; i++)
        {
            for (var ch = 0; ch < c; ch++)
            {
                db[ch] += TensorPrimitives.Sum(dy.Slice(((i * c) + ch) * p, p));
            }
        }
    }
}
