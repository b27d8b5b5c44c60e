using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Winograd's minimal filtering F(2×2, 2×2) (Lavin &amp; Gray 2016, "Fast Algorithms for Convolutional Neural
/// Networks"): a 2×2 output tile of a stride-1 2×2 correlation from a 3×3 input tile with 9 multiplications instead
/// of 16, as Y = Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A with Bᵀ = [1 −1 0; 0 1 0; 0 −1 1], G = [1 0; 1 1; 0 1],
/// Aᵀ = [1 1 0; 0 1 1]. Every entry is 0 or ±1, so the transforms only add and the result is as exact as direct
/// summation. Over channels the 9 products become 9 GEMMs [Cout × Cin]·[Cin × tiles]; the weights' side,
/// G g Gᵀ, is <see cref="WinogradWeights"/>.
/// </summary>
internal static class WinogradF2
{
    /// <summary>
    /// Bᵀ d B for one row of tiles of one channel, 8 tiles per step: d[r, j] of tile b is at src[at[3r + j] + b],
    /// or with everyOther at src[at[3r + j] + 2b]; v[ξ·vStride + b] receives element ξ = 3i + j. Writes up to 7
    /// floats past the last tile of the row (the caller's rows have that much slack, and the next row overwrites
    /// it) and reads up to 16 past its last element.
    /// </summary>
    public static unsafe void InputRow(float* src, ReadOnlySpan<int> at, int tiles, float* v, nint vStride, bool everyOther)
    {
        if (everyOther)
        {
            InputRow<EveryOther>(src, at, tiles, v, vStride);
        }
        else
        {
            InputRow<Dense>(src, at, tiles, v, vStride);
        }
    }

    private static unsafe void InputRow<TLoad>(float* src, ReadOnlySpan<int> at, int tiles, float* v, nint vStride)
        where TLoad : struct, ILoad
    {
        for (var b = 0; b < tiles; b += Vector256<float>.Count)
        {
            var s = src + (TLoad.Step * b);
            Input(
                TLoad.Load(s + at[0]), TLoad.Load(s + at[1]), TLoad.Load(s + at[2]),
                TLoad.Load(s + at[3]), TLoad.Load(s + at[4]), TLoad.Load(s + at[5]),
                TLoad.Load(s + at[6]), TLoad.Load(s + at[7]), TLoad.Load(s + at[8]),
                v + b,
                vStride);
        }
    }

    /// <summary>Bᵀ d B of 8 tiles from their 3×3 inputs d[r, j] (one vector per element): element ξ = 3i + j to o[ξ·stride].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Input(
        Vector256<float> d00, Vector256<float> d01, Vector256<float> d02,
        Vector256<float> d10, Vector256<float> d11, Vector256<float> d12,
        Vector256<float> d20, Vector256<float> d21, Vector256<float> d22,
        float* o,
        nint stride)
    {
        // Columns first: f[r] = (d[r,0] − d[r,1], d[r,1], d[r,2] − d[r,1]); then the same across rows.
        Vector256<float> f00 = d00 - d01, f02 = d02 - d01, f10 = d10 - d11, f12 = d12 - d11, f20 = d20 - d21, f22 = d22 - d21;
        (f00 - f10).Store(o);
        (d01 - d11).Store(o + stride);
        (f02 - f12).Store(o + (2 * stride));
        f10.Store(o + (3 * stride));
        d11.Store(o + (4 * stride));
        f12.Store(o + (5 * stride));
        (f20 - f10).Store(o + (6 * stride));
        (d21 - d11).Store(o + (7 * stride));
        (f22 - f12).Store(o + (8 * stride));
    }

    /// <summary>
    /// A e Aᵀ for one row of 2×2 tiles of one channel, 8 tiles per step: e[r, j] of tile b is at src[at[2r + j] + 2b]
    /// (tiles side by side, every other float); w[ξ·wStride + b] receives element ξ = 3i + j. A has G's entries:
    /// this is the weights' transform applied to data tiles, what a weight gradient pairs with Bᵀ d B — from
    /// ⟨e, Aᵀ[U ⊙ V]A⟩ = ⟨A e Aᵀ, U ⊙ V⟩, the gradient in U is (A e Aᵀ) ⊙ V. Same slack as <see cref="InputRow"/>.
    /// </summary>
    public static unsafe void GradientRow(float* src, ReadOnlySpan<int> at, int tiles, float* w, nint wStride)
    {
        for (var b = 0; b < tiles; b += Vector256<float>.Count)
        {
            var s = src + (2 * b);
            Vector256<float> e00 = EveryOther.Load(s + at[0]), e01 = EveryOther.Load(s + at[1]);
            Vector256<float> e10 = EveryOther.Load(s + at[2]), e11 = EveryOther.Load(s + at[3]);
            Vector256<float> r0 = e00 + e01, r2 = e10 + e11;
            var o = w + b;
            e00.Store(o);
            r0.Store(o + wStride);
            e01.Store(o + (2 * wStride));
            (e00 + e10).Store(o + (3 * wStride));
            (r0 + r2).Store(o + (4 * wStride));
            (e01 + e11).Store(o + (5 * wStride));
            e10.Store(o + (6 * wStride));
            r2.Store(o + (7 * wStride));
            e11.Store(o + (8 * wStride));
        }
    }

    // 8 tiles' worth of one element: consecutive floats, or every other one.
    private unsafe interface ILoad
    {
        static abstract int Step { get; }

        static abstract Vector256<float> Load(float* p);
    }

    private readonly unsafe struct Dense : ILoad
    {
        public static int Step => 1;

        public static Vector256<float> Load(float* p) => Vector256.Load(p);
    }

    private readonly unsafe struct EveryOther : ILoad
    {
        public static int Step => 2;

        public static Vector256<float> Load(float* p)
        {
            if (!Avx2.IsSupported)
            {
                return Vector256.Create(p[0], p[2], p[4], p[6], p[8], p[10], p[12], p[14]);
            }

            // Within 128-bit lanes: [p0 p2 p8 p10 | p4 p6 p12 p14]; the 64-bit permute restores the order.
            var even = Avx.Shuffle(Avx.LoadVector256(p), Avx.LoadVector256(p + 8), 0b10_00_10_00);
            return Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle();
        }
    }

    /// <summary>
    /// Aᵀ m A for output row dy of a row of tiles of two column phases, interleaved into one output row: column
    /// 4b + 2dx + px gets Y_px[dy, dx] of tile b, plus bias, as max(v, slope·v) (a fused LeakyReLU; slope 1 is
    /// none); m0/m1 hold the 9 products of phases px = 0/1 at m[ξ·mStride + b]. Writes exactly width floats.
    /// </summary>
    public static unsafe void OutputRow(float* m0, float* m1, nint mStride, int dy, int tiles, float bias, float slope, float* row, int width)
    {
        Vector256<float> add = Vector256.Create(bias), s = Vector256.Create(slope);
        for (var b = 0; b < tiles; b += Vector256<float>.Count)
        {
            var (z0, z2) = Output(m0 + b, mStride, dy);
            var (z1, z3) = Output(m1 + b, mStride, dy);
            (z0, z1, z2, z3) = (z0 + add, z1 + add, z2 + add, z3 + add);
            var (o0, o1, o2, o3) = Interleave(Vector256.Max(z0, z0 * s), Vector256.Max(z1, z1 * s), Vector256.Max(z2, z2 * s), Vector256.Max(z3, z3 * s));
            var to = row + (4 * b);
            var count = Math.Min(32, width - (4 * b));
            Store(o0, to, count);
            Store(o1, to + 8, count - 8);
            Store(o2, to + 16, count - 16);
            Store(o3, to + 24, count - 24);
        }
    }

    /// <summary>
    /// Aᵀ m A for output row dy of a row of tiles of one stride-1 correlation, added to row: column 2b + dx gets
    /// Y[dy, dx] of tile b; m holds the 9 products at m[ξ·mStride + b]. Touches exactly width floats.
    /// </summary>
    public static unsafe void AddOutputRow(float* m, nint mStride, int dy, int tiles, float* row, int width)
    {
        for (var b = 0; b < tiles; b += Vector256<float>.Count)
        {
            var (y0, y1) = Output(m + b, mStride, dy);
            Vector256<float> o0, o1;
            if (Avx.IsSupported)
            {
                // [b0 b1 | b4 b5] and [b2 b3 | b6 b7] as pairs (y0, y1), then the halves in order.
                Vector256<float> lo = Avx.UnpackLow(y0, y1), hi = Avx.UnpackHigh(y0, y1);
                (o0, o1) = (Avx.Permute2x128(lo, hi, 0x20), Avx.Permute2x128(lo, hi, 0x31));
            }
            else
            {
                o0 = Vector256.Create(y0[0], y1[0], y0[1], y1[1], y0[2], y1[2], y0[3], y1[3]);
                o1 = Vector256.Create(y0[4], y1[4], y0[5], y1[5], y0[6], y1[6], y0[7], y1[7]);
            }

            var to = row + (2 * b);
            var count = Math.Min(16, width - (2 * b));
            Add(o0, to, count);
            Add(o1, to + 8, count - 8);
        }
    }

    // to[q] += v[q] for the first count (≤ 8) lanes.
    private static unsafe void Add(Vector256<float> v, float* to, int count)
    {
        if (count >= 8)
        {
            (Vector256.Load(to) + v).Store(to);
            return;
        }

        for (var q = 0; q < count; q++)
        {
            to[q] += v[q];
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
