using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Ssgan.Engine.Blas.ManagedGemmKernel;

namespace Ssgan.Engine.Blas;

/// <summary>
/// AVX-512 micro-kernel on the same packed layouts: up to four adjacent [kc][MR] A panels against one [kc][NR]
/// B panel, so one zmm of B per k step feeds 24 FMAs (24 accumulators of the 32 zmm). A is broadcast from memory
/// (Vector512.Create(ap[r]) becomes an FMA with an embedded {1to16} broadcast), so no register holds it.
/// </summary>
internal static unsafe class ManagedGemmKernel512
{
    /// <summary>The most A panels one call takes (24 rows of C).</summary>
    public const int MaxPanels = 4;

    // Panel j of ap starts at ap + j·kc·MR. c: [panels·MR][ldc] = max(v, slope·v) of v = alpha·AB + beta·C (+ bias[r]),
    // the AVX2 kernel's contract for panels·MR rows. The count is a type so each variant gets its own registers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Zmm<TPanels, TRows>(int kc, float* ap, TRows b, float alpha, float beta, float* c, nint ldc, float* bias, float slope)
        where TPanels : struct, IPanelCount
        where TRows : struct, IBRows
    {
        // C rows are cold (last touched a k-block ago): fetch them while the FMA loop runs.
        for (int r = 0; r < TPanels.Count * MR; r++)
        {
            Sse.Prefetch0(c + (r * ldc));
            Sse.Prefetch0(c + (r * ldc) + NR - 1);
        }

        nint step = (nint)kc * MR;
        float* a0 = ap, a1 = ap + step, a2 = a1 + step, a3 = a2 + step;
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default, c04 = default, c05 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default, c24 = default, c25 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default, c34 = default, c35 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> bv = Vector512.Load(b.Next());
            c00 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[0]), bv, c00);
            c01 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[1]), bv, c01);
            c02 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[2]), bv, c02);
            c03 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[3]), bv, c03);
            c04 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[4]), bv, c04);
            c05 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[5]), bv, c05);
            a0 += MR;
            if (TPanels.Count > 1)
            {
                c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[0]), bv, c10);
                c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[1]), bv, c11);
                c12 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[2]), bv, c12);
                c13 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[3]), bv, c13);
                c14 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[4]), bv, c14);
                c15 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[5]), bv, c15);
                a1 += MR;
            }

            if (TPanels.Count > 2)
            {
                c20 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[0]), bv, c20);
                c21 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[1]), bv, c21);
                c22 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[2]), bv, c22);
                c23 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[3]), bv, c23);
                c24 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[4]), bv, c24);
                c25 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[5]), bv, c25);
                a2 += MR;
            }

            if (TPanels.Count > 3)
            {
                c30 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[0]), bv, c30);
                c31 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[1]), bv, c31);
                c32 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[2]), bv, c32);
                c33 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[3]), bv, c33);
                c34 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[4]), bv, c34);
                c35 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[5]), bv, c35);
                a3 += MR;
            }
        }

        var store = new Epilogue(alpha, beta, bias, slope);
        store.Panel(c, ldc, 0, c00, c01, c02, c03, c04, c05);
        if (TPanels.Count > 1)
        {
            store.Panel(c, ldc, MR, c10, c11, c12, c13, c14, c15);
        }

        if (TPanels.Count > 2)
        {
            store.Panel(c, ldc, 2 * MR, c20, c21, c22, c23, c24, c25);
        }

        if (TPanels.Count > 3)
        {
            store.Panel(c, ldc, 3 * MR, c30, c31, c32, c33, c34, c35);
        }
    }

    /// <summary>Runs the variant for 1..MaxPanels panels (the count a type, so each keeps its accumulators in registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile<TRows>(int panels, int kc, float* ap, TRows b, float alpha, float beta, float* c, nint ldc, float* bias, float slope)
        where TRows : struct, IBRows
    {
        switch (panels)
        {
            case 4: Zmm<Four, TRows>(kc, ap, b, alpha, beta, c, ldc, bias, slope); break;
            case 3: Zmm<Three, TRows>(kc, ap, b, alpha, beta, c, ldc, bias, slope); break;
            case 2: Zmm<Two, TRows>(kc, ap, b, alpha, beta, c, ldc, bias, slope); break;
            default: Zmm<One, TRows>(kc, ap, b, alpha, beta, c, ldc, bias, slope); break;
        }
    }

    // The fused store of one panel's six rows: alpha, beta (0 never reads C), row bias, max(v, slope·v).
    private readonly struct Epilogue(float alpha, float beta, float* bias, float slope)
    {
        private readonly Vector512<float> va = Vector512.Create(alpha), vb = Vector512.Create(beta), vs = Vector512.Create(slope);
        private readonly bool plain = bias == null && slope == 1f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Panel(float* c, nint ldc, int r0, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, Vector512<float> v4, Vector512<float> v5)
        {
            float* row = c + (r0 * ldc);
            Row(row, r0, v0);
            Row(row + ldc, r0 + 1, v1);
            Row(row + (2 * ldc), r0 + 2, v2);
            Row(row + (3 * ldc), r0 + 3, v3);
            Row(row + (4 * ldc), r0 + 4, v4);
            Row(row + (5 * ldc), r0 + 5, v5);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Row(float* c, int r, Vector512<float> v)
        {
            if (plain)
            {
                v = beta == 0f ? v * va : Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, v * va);
                v.Store(c);
                return;
            }

            v = Avx512F.FusedMultiplyAdd(v, va, Vector512.Create(bias == null ? 0f : bias[r]));
            if (beta != 0f)
            {
                v = Avx512F.FusedMultiplyAdd(Vector512.Load(c), vb, v);
            }

            Avx512F.Max(v, v * vs).Store(c); // Avx512F.Max: the AVX2 kernel's max, no NaN fix-up
        }
    }
}

/// <summary>How many A panels a kernel variant takes, as a type (a constant once the JIT specializes it).</summary>
internal interface IPanelCount
{
    static abstract int Count { get; }
}

internal readonly struct One : IPanelCount
{
    public static int Count => 1;
}

internal readonly struct Two : IPanelCount
{
    public static int Count => 2;
}

internal readonly struct Three : IPanelCount
{
    public static int Count => 3;
}

internal readonly struct Four : IPanelCount
{
    public static int Count => 4;
}
