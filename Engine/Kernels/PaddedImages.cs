namespace Ssgan.Engine.Kernels;

/// <summary>
/// A batch of images copied into zero-bordered planes, so a GEMM can read im2col in place (every tap of every
/// output pixel lands inside the buffer, no bounds tests in the gather). Top/Left are the margins before the
/// image; Height/Width the padded plane.
/// </summary>
internal readonly record struct PaddedImages(int Channels, int Top, int Left, int Height, int Width)
{
    public int ImageSize => Channels * Height * Width;

    /// <summary>The padding a convolution with geometry g reads: its own pads before, and whatever its last tap reaches after.</summary>
    public static PaddedImages For(in ConvGeometry g) => new(
        g.Channels, g.PadTop, g.PadLeft,
        Math.Max(g.Height + g.PadTop, ((g.OutHeight - 1) * g.Stride) + g.Kernel),
        Math.Max(g.Width + g.PadLeft, ((g.OutWidth - 1) * g.Stride) + g.Kernel));

    /// <summary>Nothing to copy: no margins, and the source planes already have the padded size.</summary>
    public bool IsIdentity(int height, int width) => Top == 0 && Left == 0 && Height == height && Width == width;

    // src [images, Channels, height, width] → dst [images, Channels, Height, Width] with zero margins.
    public unsafe void Copy(ReadOnlySpan<float> src, int images, int height, int width, Span<float> dst)
    {
        if (src.Length < images * Channels * height * width || dst.Length < images * ImageSize || Top + height > Height || Left + width > Width)
        {
            throw new ArgumentException($"padded copy: {images}×{Channels}×{height}×{width} into {Height}×{Width} at ({Top}, {Left}) does not fit spans {src.Length}/{dst.Length}");
        }

        var self = this;
        fixed (float* ps = src, pd = dst)
        {
            nint s = (nint)ps, d = (nint)pd;
            Parallel.For(0, images, i =>
            {
                for (var plane = i * self.Channels; plane < (i + 1) * self.Channels; plane++)
                {
                    var to = new Span<float>((float*)d + ((nint)plane * self.Height * self.Width), self.Height * self.Width);
                    to.Clear();
                    var from = (float*)s + ((nint)plane * height * width);
                    for (var r = 0; r < height; r++)
                    {
                        new ReadOnlySpan<float>(from + (r * width), width).CopyTo(to.Slice(((r + self.Top) * self.Width) + self.Left, width));
                    }
                }
            });
        }
    }

    /// <summary>The images a GEMM reads im2col from: the input itself when padded is null (no border needed), else its padded copy.</summary>
    public Span<float> Source(Span<float> images, int count, int height, int width, float[]? padded)
    {
        if (padded is null)
        {
            return images;
        }

        Copy(images, count, height, width, padded);
        return padded.AsSpan(0, count * ImageSize);
    }
}
