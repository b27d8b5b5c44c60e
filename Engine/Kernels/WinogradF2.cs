using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Winograd's minimal filtering F(2×2, 2×2) (Lavin &amp; Gray 2016, "Fast Algorithms for Convolutional Neural
/// Networks"): a 2×2 output tile of a stride-1 2×2 correlation from a 3×3 input tile with 9 multiplications instead
/// of 16, as Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with Bᵀ = [1 −1 0; 0 1 0; 0 −1 1], G = [1 0; 1 1; 0 1],
/// Aᵀ = [1 1 0; 0 1 1]. Every entry is 0 or ±1, so the transforms only add and the result is as exact as direct
/// summation. Over channels the 9 products become 9 GEMMs [Cout × Cin]·[Cin × tiles].
/// </summary>
internal static class WinogradF2
{
    // g [Cout, Cin·2·2] (tap (u, v) of channel ci at ci·4 + 2u + v) → u [9, Cout, Cin]: u[3i + j] = (G g Gᵀ)[i, j].
    public static void Weights(ReadOnlySpan<float> g, int outChannels, int inChannels, Span<float> u)
    {
        var plane = outChannels * inChannels;
        for (var co = 0; co < outChannels; co++)
        {
            for (var ci = 0; ci < inChannels; ci++)
            {
                var w = g.Slice(((co * inChannels) + ci) * 4, 4);
                Span<float> h = [w[0], w[0] + w[1], w[1], w[2], w[2] + w[3], w[3]]; // rows u = 0, 1 times Gᵀ
                for (var j = 0; j < 3; j++)
                {
                    var at = (co * inChannels) + ci;
                    u[(j * plane) + at] = h[j];
                    u[((3 + j) * plane) + at] = h[j] + h[3 + j];
                    u[((6 + j) * plane) + at] = h[3 + j];
                }
            }
        }
    }

    /// <summary>
    /// Bᵀ d B for one row of tiles of one channel, 8 tiles per step: d[r, j] of tile b is at src[at[3r + j] + b];
    /// v[ξ·vStride + b] receives element ξ = 3i + j. Writes up to 7 floats past the last tile of the row (the
    /// caller's rows have that much slack, and the next row overwrites it).
    /// </summary>
    public static unsafe void InputRow(float* src, ReadOnlySpan<int> at, int tiles, float* v, nint vStride)
    {
        for (var b = 0; b < tiles; b += Vector256<float>.Count)
        {
            // Columns first: f[r] = (d[r,0] − d[r,1], d[r,1], d[r,2] − d[r,1]); then the same across rows.
            Vector256<float> d01 = Vector256.Load(src + at[1] + b), d11 = Vector256.Load(src + at[4] + b), d21 = Vector256.Load(src + at[7] + b);
            Vector256<float> f00 = Vector256.Load(src + at[0] + b) - d01, f02 = Vector256.Load(src + at[2] + b) - d01;
            Vector256<float> f10 = Vector256.Load(src + at[3] + b) - d11, f12 = Vector256.Load(src + at[5] + b) - d11;
            Vector256<float> f20 = Vector256.Load(src + at[6] + b) - d21, f22 = Vector256.Load(src + at[8] + b) - d21;
            var o = v + b;
            (f00 - f10).Store(o);
            (d01 - d11).Store(o + vStride);
            (f02 - f12).Store(o + (2 * vStride));
            f10.Store(o + (3 * vStride));
            d11.Store(o + (4 * vStride));
            f12.Store(o + (5 * vStride));
            (f20 - f10).Store(o + (6 * vStride));
            (d21 - d11).Store(o + (7 * vStride));
            (f22 - f12).Store(o + (8 * vStride));
        }
    }

    /// <summary>
    /// Aᵀ m A for output row dy of a row of tiles of two column phases, interleaved into one output row: column
    /// 4b + 2dx + px gets Y_px[dy, dx] of tile b, plus bias; m0/m1 hold the 9 products of phases px = 0/1 at
    /// m[ξ·mStride + b]. Writes exactly width floats.
    /// </summary>
    public static unsafe void OutputRow(float* m0, float* m1, nint mStride, int dy, int tiles, float bias, float* row, int width)
    {
        var add = Vector256.Create(bias);
        for (var b = 0; b < tiles; b += Vector256<float>.Count)
        {
            var (z0, z2) = Output(m0 + b, mStride, dy);
            var (z1, z3) = Output(m1 + b, mStride, dy);
            var (o0, o1, o2, o3) = Interleave(z0 + add, z1 + add, z2 + add, z3 + add);
            var to = row + (4 * b);
            var count = Math.Min(32, width - (4 * b));
            Store(o0, to, count);
            Store(o1, to + 8, count - 8);
            Store(o2, to + 16, count - 16);
            Store(o3, to + 24, count - 24);
        }
    }

    // The first count (≤ 8) lanes of v; a half-vector store covers the 28-wide rows of the generator.
    private static unsafe void Store(Vector256<float> v, float* to, int count)
    {
        if (count >= 8)
        {
            v.Store(to);
            return;
        }

        var q = 0;
        if (count >= 4)
        {
            v.GetLower().Store(to);
            q = 4;
        }

        for (; q < count; q++)
        {
            to[q] = v[q];
        }
    }

    // Y[dy, 0] and Y[dy, 1] of 8 tiles: sums of the products in rows dy, dy + 1 and columns (0, 1) or (1, 2).
    private static unsafe (Vector256<float> Left, Vector256<float> Right) Output(float* m, nint stride, int dy)
    {
        var top = m + (3 * dy * stride);
        Vector256<float> c0 = Vector256.Load(top) + Vector256.Load(top + (3 * stride));
        Vector256<float> c1 = Vector256.Load(top + stride) + Vector256.Load(top + (4 * stride));
        Vector256<float> c2 = Vector256.Load(top + (2 * stride)) + Vector256.Load(top + (5 * stride));
        return (c0 + c1, c1 + c2);
    }

    // out[4b + k] = z_k[b]: a 4×8 transpose, as four vectors of 8 consecutive outputs.
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Interleave(
        Vector256<float> z0, Vector256<float> z1, Vector256<float> z2, Vector256<float> z3)
    {
        if (!Avx.IsSupported)
        {
            Span<float> o = stackalloc float[32];
            for (var b = 0; b < 8; b++)
            {
                (o[4 * b], o[(4 * b) + 1], o[(4 * b) + 2], o[(4 * b) + 3]) = (z0[b], z1[b], z2[b], z3[b]);
            }

            return (Vector256.Create<float>(o), Vector256.Create<float>(o[8..]), Vector256.Create<float>(o[16..]), Vector256.Create<float>(o[24..]));
        }

        Vector256<float> t0 = Avx.UnpackLow(z0, z2), t1 = Avx.UnpackLow(z1, z3), t2 = Avx.UnpackHigh(z0, z2), t3 = Avx.UnpackHigh(z1, z3);
        Vector256<float> u0 = Avx.UnpackLow(t0, t1), u1 = Avx.UnpackHigh(t0, t1), u2 = Avx.UnpackLow(t2, t3), u3 = Avx.UnpackHigh(t2, t3);
        return (Avx.Permute2x128(u0, u1, 0x20), Avx.Permute2x128(u2, u3, 0x20), Avx.Permute2x128(u0, u1, 0x31), Avx.Permute2x128(u2, u3, 0x31));
    }
}
