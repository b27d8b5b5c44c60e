using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ssgan.Engine.Kernels;

/// <summary>
/// A batch of images copied into zero-bordered planes, so a GEMM can read im2col in place (every tap of every
/// output pixel lands inside the buffer, no bounds tests in the gather). Top/Left are the margins before the
/// image; Height/Width the padded plane. With Split = s each padded plane is stored as its s×s sub-sampled
/// phases (space-to-depth: phase (py, px) holds rows py, py + s, … and columns px, px + s, …), so a stride-s
/// convolution reads neighbouring output pixels from neighbouring floats — runs of loads instead of gathers.
/// </summary>
internal readonly record struct PaddedImages(int Channels, int Top, int Left, int Height, int Width, int Split = 1)
{
    public int PhaseHeight => (Height + Split - 1) / Split;

    public int PhaseWidth => (Width + Split - 1) / Split;

    public int ImageSize => Channels * Split * Split * PhaseHeight * PhaseWidth;

    /// <summary>The padding a convolution with geometry g reads (its own pads before, whatever its last tap reaches after), split by its stride.</summary>
    public static PaddedImages For(in ConvGeometry g) => new(
        g.Channels, g.PadTop, g.PadLeft,
        Math.Max(g.Height + g.PadTop, ((g.OutHeight - 1) * g.Stride) + g.Kernel),
        Math.Max(g.Width + g.PadLeft, ((g.OutWidth - 1) * g.Stride) + g.Kernel),
        g.Stride);

    /// <summary>Nothing to copy: no margins, no split, and the source planes already have the padded size.</summary>
    public bool IsIdentity(int height, int width) => Top == 0 && Left == 0 && Height == height && Width == width && Split == 1;

    /// <summary>Offset of padded position (row, col) of channel c within an image.</summary>
    public int Offset(int c, int row, int col) =>
        ((((c * Split) + (row % Split)) * Split) + (col % Split)) * PhaseHeight * PhaseWidth + ((row / Split) * PhaseWidth) + (col / Split);

    // (c, kh, kw) ↦ offset of tap (kh, kw) of channel c for output pixel (0, 0): the im2col rows.
    public Span<int> Taps(Span<int> table, int kernel)
    {
        var t = table[..(Channels * kernel * kernel)];
        var r = 0;
        for (var c = 0; c < Channels; c++)
        {
            for (var kh = 0; kh < kernel; kh++)
            {
                for (var kw = 0; kw < kernel; kw++)
                {
                    t[r++] = Offset(c, kh, kw);
                }
            }
        }

        return t;
    }

    // (i, oh, ow) ↦ i·ImageSize + shift of output pixel (oh, ow) at stride Split (or any stride when Split = 1): the im2col columns.
    public Span<int> Patches(Span<int> table, int images, int outHeight, int outWidth, int stride)
    {
        if (Split != 1 && Split != stride)
        {
            throw new ArgumentException($"patches at stride {stride} of images split by {Split}");
        }

        var step = stride / Split;
        return OffsetTables.Grid(table, images, ImageSize, outHeight, outWidth, step, step, 0, 0, PhaseWidth);
    }

    // src [images, Channels, height, width] → dst [images, …] with zero margins, split into phases; with a gate
    // (same shape as src) each value is first multiplied by 1 where gate > 0 and by slope elsewhere — a LeakyReLU's
    // gradient taken from its output, applied in the copy instead of a pass of its own.
    public unsafe void Copy(ReadOnlySpan<float> src, int images, int height, int width, Span<float> dst, ReadOnlySpan<float> gate = default, float slope = 1f)
    {
        if (src.Length < images * Channels * height * width || dst.Length < images * ImageSize || Top + height > Height || Left + width > Width
            || (!gate.IsEmpty && (gate.Length < images * Channels * height * width || width > MaxGatedWidth)))
        {
            throw new ArgumentException($"padded copy: {images}×{Channels}×{height}×{width} into {Height}×{Width} at ({Top}, {Left}) does not fit spans {src.Length}/{dst.Length} (gate {gate.Length}, gated rows ≤ {MaxGatedWidth} wide)");
        }

        // Offset(c, row, col) = c·ChannelSize + RowPart(row) + ColPart(col): the divisions happen once per call
        // here, not per row (per-row Offset calls cost ~0.3 s of a 2 s classification of the test set).
        var rowParts = Workspace.RentInts(height);
        for (var r = 0; r < height; r++)
        {
            rowParts[r] = Offset(0, r + Top, 0);
        }

        var columnStarts = Workspace.RentInts(2 * Split); // per column phase: first source column, its offset
        for (var px = 0; px < Split; px++)
        {
            var q = (((px - Left) % Split) + Split) % Split;
            columnStarts[2 * px] = q;
            columnStarts[(2 * px) + 1] = Offset(0, 0, q + Left);
        }

        fixed (float* ps = src, pd = dst, pg = gate)
        fixed (int* rows = rowParts, starts = columnStarts)
        {
            var state = new CopyState
            {
                Src = ps, Dst = pd, Gate = pg, Slope = slope, RowParts = rows, ColumnStarts = starts, Images = images, Channels = Channels,
                ChannelSize = Split * Split * PhaseHeight * PhaseWidth, ImageSize = ImageSize, Height = height, Width = width, Split = Split,
            };
            Parts.Run(&state, &CopyPart);
        }

        Workspace.Return(rowParts);
        Workspace.Return(columnStarts);
    }

    // The widest row a gated copy stages on the stack.
    private const int MaxGatedWidth = 4096;

    private unsafe struct CopyState
    {
        public float* Src;
        public float* Dst;
        public float* Gate; // null: a plain copy
        public float Slope;
        public int* RowParts;
        public int* ColumnStarts;
        public int Images, Channels, ChannelSize, ImageSize, Height, Width, Split;
        public int Next; // the next image to claim
    }

    // Images claimed one at a time, plane by plane: cleared, then copied row by row into its phases.
    private static unsafe void CopyPart(int part, int parts, void* state)
    {
        var s = (CopyState*)state;
        int width = s->Width, split = s->Split;
        var columnStarts = s->ColumnStarts;
        var gated = stackalloc float[s->Gate == null ? 1 : width];
        while (Parts.Take(&s->Next, s->Images, out var i))
        {
            var image = s->Dst + ((nint)i * s->ImageSize);
            for (var c = 0; c < s->Channels; c++)
            {
                // Each plane cleared right before its rows are written, while its lines are still in L1 (a whole
                // image first — 128 KB for the discriminator's 14×14×128 — had them evicted and fetched again).
                var offset = (nint)((i * s->Channels) + c) * s->Height * width;
                var plane = image + ((nint)c * s->ChannelSize);
                new Span<float>(plane, s->ChannelSize).Clear();
                for (var r = 0; r < s->Height; r++, offset += width)
                {
                    var source = s->Src + offset;
                    if (s->Gate != null)
                    {
                        ActivationKernels.GateRow(source, s->Gate + offset, s->Slope, gated, width);
                        source = gated;
                    }

                    var row = plane + s->RowParts[r];
                    if (split == 1)
                    {
                        new ReadOnlySpan<float>(source, width).CopyTo(new Span<float>(row + columnStarts[1], width));
                    }
                    else if (split == 2)
                    {
                        // Source column 0 goes to the phase of padded column Left, column 1 to the other one.
                        var (even, odd) = columnStarts[0] == 0 ? (columnStarts[1], columnStarts[3]) : (columnStarts[3], columnStarts[1]);
                        Deinterleave(source, width, row + even, row + odd);
                    }
                    else
                    {
                        // One column phase at a time: strided reads, consecutive writes.
                        for (var px = 0; px < split; px++)
                        {
                            var dst = row + columnStarts[(2 * px) + 1];
                            for (var q = columnStarts[2 * px]; q < width; q += split)
                            {
                                *dst++ = source[q];
                            }
                        }
                    }
                }
            }
        }
    }

    // from[0], from[2], … → even; from[1], from[3], … → odd (8 pairs per step with AVX2).
    private static unsafe void Deinterleave(float* from, int width, float* even, float* odd)
    {
        var q = 0;
        if (Avx2.IsSupported)
        {
            for (; q + 16 <= width; q += 16, even += 8, odd += 8)
            {
                Vector256<float> a = Avx.LoadVector256(from + q), b = Avx.LoadVector256(from + q + 8);
                // Within 128-bit lanes: [a0 a2 b0 b2 | a4 a6 b4 b6]; the 64-bit permute restores the order.
                Avx.Store(even, Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle());
                Avx.Store(odd, Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle());
            }
        }

        for (; q + 1 < width; q += 2)
        {
            *even++ = from[q];
            *odd++ = from[q + 1];
        }

        if (q < width)
        {
            *even = from[q];
        }
    }

    /// <summary>The images a GEMM reads im2col from: the input itself when padded is null (no border needed), else its padded copy.</summary>
    public Span<float> Source(Span<float> images, int count, int height, int width, float[]? padded)
    {
        if (padded is null)
        {
            return images;
        }

        using (Autograd.Profiler.Measure("  pad copy"))
        {
            Copy(images, count, height, width, padded);
        }

        return padded.AsSpan(0, count * ImageSize);
    }
}
