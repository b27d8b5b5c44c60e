namespace Ssgan.Training.Data;

/// <summary>
/// One split (train or test) of an MNIST-style data set: images scaled to [−1, 1] (x/127.5 − 1, matching a tanh
/// generator's output range) and their labels.
/// </summary>
public sealed class MnistSplit
{
    public MnistSplit(float[] images, byte[] labels, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cols);
        if ((long)labels.Length * rows * cols != images.Length)
        {
            throw new ArgumentException(
                $"images hold {images.Length} values but {labels.Length} labels × {rows}×{cols} needs {(long)labels.Length * rows * cols}",
                nameof(images));
        }

        Images = images;
        Labels = labels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>All images, <see cref="Count"/>·<see cref="Rows"/>·<see cref="Cols"/> values, row-major.</summary>
    public float[] Images { get; }

    /// <summary>One class index per image.</summary>
    public byte[] Labels { get; }

    public int Count => Labels.Length;

    public int Rows { get; }

    public int Cols { get; }

    public int PixelsPerImage => Rows * Cols;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Images.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>Gathers the images at <paramref name="indices"/> into a batch, one after another.</summary>
    /// <param name="indices">Image indices, each in 0..Count−1; repeats allowed.</param>
    /// <param name="destination">Exactly indices.Length·Rows·Cols values.</param>
    public void CopyImages(ReadOnlySpan<int> indices, Span<float> destination)
    {
        var pixels = PixelsPerImage;
        if (destination.Length != (long)indices.Length * pixels)
        {
            throw new ArgumentException(
                $"destination holds {destination.Length} values but {indices.Length} images of {Rows}×{Cols} need {(long)indices.Length * pixels}",
                nameof(destination));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"indices[{i}] = {index} is outside 0..{Count - 1}");
            }

            Images.AsSpan(index * pixels, pixels).CopyTo(destination.Slice(i * pixels, pixels));
        }
    }

    /// <summary>Gathers the labels at <paramref name="indices"/> into a batch.</summary>
    public void CopyLabels(ReadOnlySpan<int> indices, Span<int> destination)
    {
        if (destination.Length != indices.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} labels but there are {indices.Length} indices", nameof(destination));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"indices[{i}] = {index} is outside 0..{Count - 1}");
            }

            destination[i] = Labels[index];
        }
    }
}
