namespace Ssgan.Engine.Kernels;

/// <summary>
/// The index map of a 2-D convolution from an input grid [Channels, Height, Width] to an output grid
/// [OutHeight, OutWidth]: input row ih = oh·Stride + kh − PadTop (likewise for columns); positions outside the
/// input read as zero. A transposed convolution uses the same map with the roles of the grids swapped.
/// </summary>
public readonly record struct ConvGeometry(
    int Channels, int Height, int Width, int Kernel, int Stride, int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    /// <summary>Rows of the im2col matrix: one per (channel, kh, kw).</summary>
    public int ColRows => Channels * Kernel * Kernel;

    public int InPixels => Height * Width;

    public int OutPixels => OutHeight * OutWidth;

    /// <summary>
    /// The geometry of a convolution of an input H×W with the given padding. For <see cref="Padding.Same"/> this is
    /// TensorFlow's rule (tf.nn.conv2d, Keras padding='same'): out = ⌈in / stride⌉,
    /// total = max((out − 1)·stride + kernel − in, 0), top = ⌊total / 2⌋ and the extra row, if any, at the bottom —
    /// so 28→14 and 14→7 with a 3×3 kernel at stride 2 pad nothing at the top and one row at the bottom.
    /// </summary>
    public static ConvGeometry ForConv(int channels, int height, int width, int kernel, int stride, Padding padding)
    {
        Check(channels, height, width, kernel, stride);
        var (oh, top) = Axis(height, kernel, stride, padding);
        var (ow, left) = Axis(width, kernel, stride, padding);
        if (oh <= 0 || ow <= 0)
        {
            throw new ArgumentException($"a {kernel}×{kernel} kernel at stride {stride} with {padding} padding does not fit a {height}×{width} input");
        }

        return new ConvGeometry(channels, height, width, kernel, stride, top, left, oh, ow);
    }

    /// <summary>
    /// The geometry of a transposed convolution taking inH×inW to its output grid, expressed as the forward
    /// convolution it is the adjoint of (input = the transposed conv's output, outChannels channels).
    /// 'same' follows Keras Conv2DTranspose / tf.nn.conv2d_transpose: output = input·stride, padded as a SAME
    /// forward convolution of that output size (4×4 at stride 2: one row on each side, 7→14→28).
    /// </summary>
    public static ConvGeometry ForTransposed(int outChannels, int inHeight, int inWidth, int kernel, int stride, Padding padding)
    {
        Check(outChannels, inHeight, inWidth, kernel, stride);
        var outH = padding.IsSame ? inHeight * stride : ((inHeight - 1) * stride) + kernel - (2 * padding.Amount);
        var outW = padding.IsSame ? inWidth * stride : ((inWidth - 1) * stride) + kernel - (2 * padding.Amount);
        var g = ForConv(outChannels, outH, outW, kernel, stride, padding);
        if (g.OutHeight != inHeight || g.OutWidth != inWidth)
        {
            throw new ArgumentException($"transposed conv geometry mismatch: {outH}×{outW} maps back to {g.OutHeight}×{g.OutWidth}, not {inHeight}×{inWidth}");
        }

        return g;
    }

    private static (int Out, int Before) Axis(int size, int kernel, int stride, Padding padding)
    {
        if (padding.IsSame)
        {
            var output = (size + stride - 1) / stride;
            var total = Math.Max(((output - 1) * stride) + kernel - size, 0);
            return (output, total / 2);
        }

        return ((((size + (2 * padding.Amount)) - kernel) / stride) + 1, padding.Amount);
    }

    private static void Check(int channels, int height, int width, int kernel, int stride)
    {
        if (channels <= 0 || height <= 0 || width <= 0 || kernel <= 0 || stride <= 0)
        {
            throw new ArgumentException($"conv geometry needs positive sizes: channels {channels}, {height}×{width}, kernel {kernel}, stride {stride}");
        }
    }
}

/// <summary>'same' (TensorFlow/Keras semantics) or an explicit symmetric padding ('valid' is 0).</summary>
public readonly record struct Padding(bool IsSame, int Amount)
{
    public static Padding Same => new(true, 0);

    public static Padding Valid => new(false, 0);

    public static Padding Of(int amount) => amount >= 0
        ? new(false, amount)
        : throw new ArgumentOutOfRangeException(nameof(amount), $"padding {amount} is negative");

    public override string ToString() => IsSame ? "same" : Amount == 0 ? "valid" : $"pad {Amount}";
}
