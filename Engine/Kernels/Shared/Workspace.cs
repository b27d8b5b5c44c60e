using System.Buffers;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Scratch buffers for im2col/col2im and channel-major copies, rented and returned around each kernel so that a
/// training step reuses the same memory instead of allocating per call.
/// </summary>
internal static class Workspace
{
    // Keeps a chunk's column matrix (≈ 8 MB) well inside the 32 MiB L3 together with the GEMM's other operands.
    public const int ChunkFloats = 2 << 20;

    public static float[] Rent(int size) => ArrayPool<float>.Shared.Rent(Math.Max(size, 1));

    public static void Return(float[] buffer) => ArrayPool<float>.Shared.Return(buffer);

    /// <summary>Offset tables (<see cref="OffsetTables"/>) are rented like the float scratch.</summary>
    public static int[] RentInts(int size) => ArrayPool<int>.Shared.Rent(Math.Max(size, 1));

    public static void Return(int[] buffer) => ArrayPool<int>.Shared.Return(buffer);

    /// <summary>The next <c>count</c> ints of a rented table buffer, for carving one rental into several tables.</summary>
    public static Span<int> Take(ref Span<int> free, int count)
    {
        var taken = free[..count];
        free = free[count..];
        return taken;
    }

    // The padded input an in-place GEMM reads from: a chunk of ~2.7 MB stays in L3 beside the GEMM's packed panels
    // (benchmarks/README.md has the sizes tried).
    public const int PaddedChunkFloats = ChunkFloats / 3;

    /// <summary>How many images share one GEMM so that a chunk's scratch stays near <c>target</c> floats.</summary>
    public static int ChunkImages(int images, int floatsPerImage, int target = ChunkFloats) =>
        Math.Clamp(target / Math.Max(floatsPerImage, 1), 1, Math.Max(images, 1));
}
