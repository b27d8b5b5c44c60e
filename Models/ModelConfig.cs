namespace Ssgan.Models;

/// <summary>Sizes of the tutorial's models; tests shrink <see cref="Width"/> to check gradients on the same graphs.</summary>
public sealed record ModelConfig
{
    public int ImageSize { get; init; } = 28;

    public int Classes { get; init; } = 10;

    public int LatentSize { get; init; } = 100;

    /// <summary>Feature maps in every hidden conv layer (128 in the tutorial).</summary>
    public int Width { get; init; } = 128;

    public float LeakySlope { get; init; } = 0.2f;

    public void Validate()
    {
        if (ImageSize <= 0 || ImageSize % 4 != 0 || Classes < 2 || LatentSize <= 0 || Width <= 0 || !(LeakySlope >= 0 && LeakySlope < 1))
        {
            throw new ArgumentException($"model config needs image size a positive multiple of 4 (got {ImageSize}), classes ≥ 2 (got {Classes}), latent > 0 (got {LatentSize}), width > 0 (got {Width}), 0 ≤ slope < 1 (got {LeakySlope})");
        }
    }
}
