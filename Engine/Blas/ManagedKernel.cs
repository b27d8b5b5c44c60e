namespace Ssgan.Engine.Blas;

/// <summary>Which micro-kernel the managed provider runs (<see cref="ManagedBlas"/>); the packed layouts are the same for all.</summary>
public enum ManagedKernel
{
    /// <summary>Vector128 6×16: any CPU (SSE, NEON or software).</summary>
    Portable,

    /// <summary>AVX2/FMA 6×16, 12 ymm accumulators.</summary>
    Avx2,

    /// <summary>AVX-512 24×16 (four A panels against one B panel, 24 zmm accumulators), 18/12/6 rows for the remainders.</summary>
    Avx512,
}
