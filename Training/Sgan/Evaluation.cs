using Ssgan.Engine.Autograd;
using Ssgan.Models;
using Ssgan.Training.Data;

namespace Ssgan.Training.Sgan;

/// <summary>Classification by the discriminator's supervised head (argmax of the logits).</summary>
public static class Evaluation
{
    public static float Accuracy(Tensor logits, ReadOnlySpan<int> labels)
    {
        int n = logits.Dim(0), c = logits.Dim(1), correct = 0;
        for (var i = 0; i < n; i++)
        {
            correct += ArgMax(logits.Data.AsSpan(i * c, c)) == labels[i] ? 1 : 0;
        }

        return n == 0 ? 0 : (float)correct / n;
    }

    /// <summary>Predicted class of every image of a split (or of its first <paramref name="count"/>), in batches, without recording a graph.</summary>
    public static int[] Predict(Discriminator d, MnistSplit split, int batch = 500, int? count = null)
    {
        var total = count ?? split.Count;
        if (total < 0 || total > split.Count || batch <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"classify {total} of {split.Count} images in batches of {batch}");
        }

        var predictions = new int[total];
        var pixels = split.PixelsPerImage;
        var ids = new int[batch];
        using var _ = Graph.NoGrad();
        using var weightArena = Arena.Begin(); // the shared weights' buffers, pooled: a fresh 3 MB array a call costs a full GC
        using var weights = d.ShareWeights(); // one weight normalisation for all batches, outside their arenas
        for (var start = 0; start < total; start += batch)
        {
            var n = Math.Min(batch, total - start);
            using var arena = Arena.Begin();
            for (var i = 0; i < n; i++)
            {
                ids[i] = start + i;
            }

            var x = new Tensor([n, 1, split.Rows, split.Cols]);
            split.CopyImages(ids.AsSpan(0, n), x.Data.AsSpan(0, n * pixels));
            var logits = d.Forward(x);
            var c = logits.Dim(1);
            for (var i = 0; i < n; i++)
            {
                predictions[start + i] = ArgMax(logits.Data.AsSpan(i * c, c));
            }
        }

        return predictions;
    }

    public static double Accuracy(int[] predictions, ReadOnlySpan<byte> labels)
    {
        var correct = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            correct += predictions[i] == labels[i] ? 1 : 0;
        }

        return predictions.Length == 0 ? 0 : (double)correct / predictions.Length;
    }

    /// <summary>counts[true · classes + predicted].</summary>
    public static int[] ConfusionMatrix(int[] predictions, ReadOnlySpan<byte> labels, int classes)
    {
        var counts = new int[classes * classes];
        for (var i = 0; i < predictions.Length; i++)
        {
            counts[(labels[i] * classes) + predictions[i]]++;
        }

        return counts;
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var j = 1; j < values.Length; j++)
        {
            if (values[j] > values[best])
            {
                best = j;
            }
        }

        return best;
    }
}
