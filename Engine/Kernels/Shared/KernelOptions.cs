using System.Runtime.CompilerServices;
using Ssgan.Engine.Blas;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// Which kernel paths a convolution takes, and on which provider: an immutable value the layer or the caller
/// passes, never a process-wide switch. <see cref="For"/> derives the default from the provider's declared
/// capabilities; a test or benchmark takes another path by passing <c>options with { … }</c>. A path asked for
/// that the provider cannot run (in place or packed without the capability) falls back as if turned off. Each
/// family's head lists its paths: <see cref="Conv2dKernels"/>, <see cref="ConvTranspose2dKernels"/>,
/// ConvTranspose2dWinograd, Gemm; KernelPaths in the tests runs a test on each.
/// </summary>
public sealed record KernelOptions
{
    /// <summary>The BLAS the kernels' products run on.</summary>
    public required IBlasProvider Provider { get; init; }

    /// <summary>GEMMs reading im2col in place (<see cref="IBlasProvider.OffsetGemm"/>) instead of im2col matrices.</summary>
    public bool InPlace { get; init; } = true;

    /// <summary>Winograd F(2×2, 2×2) for the transposed convolutions it is chosen for (else the direct phase GEMMs).</summary>
    public bool Winograd { get; init; } = true;

    /// <summary>Winograd's transforms written as the provider's packed operands (<see cref="IBlasProvider.PackedGemm"/>).</summary>
    public bool WinogradPacked { get; init; } = true;

    /// <summary>Winograd for the weight gradient too (else the direct kernels compute it).</summary>
    public bool WinogradWeightGrad { get; init; } = true;

    // Derived once per provider instance (a provider's capabilities do not change), not on every convolution.
    private static readonly ConditionalWeakTable<IBlasProvider, KernelOptions> Defaults = [];

    /// <summary>Every path the provider declares it can run.</summary>
    public static KernelOptions For(IBlasProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Defaults.GetValue(provider, static p => new KernelOptions { Provider = p, InPlace = p.OffsetGemm is not null, WinogradPacked = p.PackedGemm is not null });
    }

    /// <summary>The default for the current provider (<see cref="Blas.Blas.Current"/>).</summary>
    public static KernelOptions Current => For(Blas.Blas.Current);

    /// <summary>The provider's offset GEMM when the in-place path is asked for and available.</summary>
    internal IOffsetGemm? OffsetGemm => InPlace ? Provider.OffsetGemm : null;

    /// <summary>The provider's packed batch when Winograd's packed transforms are asked for and available.</summary>
    internal IPackedGemm? PackedGemm => WinogradPacked ? Provider.PackedGemm : null;

    public override string ToString() =>
        $"{Provider.Name}{(OffsetGemm is null ? ", im2col" : ", in place")}{(Winograd ? $", winograd{(PackedGemm is null ? "" : " packed")}{(WinogradWeightGrad ? " + dW" : "")}" : "")}";
}
