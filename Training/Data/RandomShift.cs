using Ssgan.Engine;

namespace Ssgan.Training.Data;

/// <summary>
/// Moves each image of a batch by a random whole number of pixels, up to <c>maxShift</c> each way in each direction,
/// filling the uncovered border with background (0). Augments the labelled images: ten examples a class cover
/// few of the positions and slants an MLP, which has no translation invariance, must learn.
/// </summary>
public static class RandomShift
{
    /// <summary>The largest shift accepted: beyond it a 28-pixel digit starts to leave the frame.</summary>
    public const int MaxShift = 4;

    /// <param name="images">[n, rows, cols], shifted in place.</param>
    /// <param name="rng">Draws two values per image, dy then dx, each in [−maxShift, maxShift].</param>
    public static void Apply(Span<float> images, int rows, int cols, int maxShift, Rng rng)
    {
        var pixels = rows * cols;
        if (rows <= 0 || cols <= 0 || images.Length % pixels != 0 || maxShift < 0 || maxShift > MaxShift)
        {
            throw new ArgumentException($"random shift needs whole {rows}×{cols} images and a shift in 0..{MaxShift}; got {images.Length} values, shift {maxShift}");
        }

        if (maxShift == 0)
        {
            return;
        }

        Span<float> buffer = pixels <= 4096 ? stackalloc float[pixels] : new float[pixels];
        for (var image = images; !image.IsEmpty; image = image[pixels..])
        {
            var dy = rng.Next(2 * maxShift + 1) - maxShift;
            var dx = rng.Next(2 * maxShift + 1) - maxShift;
            image[..pixels].CopyTo(buffer);
            Shift(buffer, rows, cols, dy, dx, image[..pixels]);
        }
    }

    /// <summary>destination[y, x] = source[y − dy, x − dx], 0 where that falls outside.</summary>
    public static void Shift(ReadOnlySpan<float> source, int rows, int cols, int dy, int dx, Span<float> destination)
    {
        destination.Clear();
        var width = cols - Math.Abs(dx);
        if (width <= 0 || Math.Abs(dy) >= rows)
        {
            return;
        }

        for (var y = Math.Max(0, dy); y < Math.Min(rows, rows + dy); y++)
        {
            source.Slice(((y - dy) * cols) + Math.Max(0, -dx), width).CopyTo(destination.Slice((y * cols) + Math.Max(0, dx), width));
        }
    }
}
