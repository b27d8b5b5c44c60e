namespace Ssgan.Engine.Blas;

/// <summary>
/// An optional provider capability: GEMM over <see cref="OffsetMatrix"/> operands, which a BLAS library cannot
/// offer (its packing reads strided storage only). A provider declares it as <see cref="IBlasProvider.OffsetGemm"/>;
/// kernels fall back to im2col + <see cref="IBlasProvider.Sgemm"/> without it.
/// </summary>
public interface IOffsetGemm : IPackedLayout
{
    /// <summary>
    /// C = alpha·A·B + beta·C, plus bias[r] on every element of row r when bias is not empty; A is m×k, B k×n,
    /// C m×n (the shapes are the tables' lengths). beta = 0 never reads C. With leakySlope (in [0, 1]) every
    /// element of C is then passed through LeakyReLU — the activation fused into the store of the product. aPacked,
    /// when not empty, is A already in the provider's packed layout (<see cref="IPackedLayout.PackA"/>: a layer's weights,
    /// packed once for all its chunks); the provider may read it instead of A's tables.
    /// </summary>
    void Sgemm(float alpha, OffsetMatrix a, OffsetMatrix b, float beta, OffsetMatrix c, ReadOnlySpan<float> bias, float? leakySlope = null, ReadOnlySpan<float> aPacked = default);
}
