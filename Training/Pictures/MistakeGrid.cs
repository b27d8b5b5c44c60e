using Ssgan.Training.Data;

namespace Ssgan.Training.Pictures;

/// <summary>
/// The test images a classifier gets wrong, grouped by confusion (true → predicted), the most frequent first, so a
/// whole family of missed digits (say, crossed sevens read as nines) shows at a glance; up to 100 images.
/// </summary>
public static class MistakeGrid
{
    public const int MaxImages = 100;

    /// <summary>The mistakes' indices into the split, most frequent confusion first (ties: smaller true, then predicted digit).</summary>
    public static List<int> Order(ReadOnlySpan<int> predictions, ReadOnlySpan<byte> labels, out List<(int True, int Predicted, int Count)> confusions)
    {
        if (predictions.Length != labels.Length)
        {
            throw new ArgumentException($"{predictions.Length} predictions for {labels.Length} labels");
        }

        var groups = new SortedDictionary<(int, int), List<int>>();
        for (var i = 0; i < labels.Length; i++)
        {
            if (predictions[i] != labels[i])
            {
                var key = (labels[i], predictions[i]);
                if (!groups.TryGetValue(key, out var members))
                {
                    groups[key] = members = [];
                }

                members.Add(i);
            }
        }

        var ranked = groups.OrderByDescending(g => g.Value.Count).ToList(); // stable: ties keep the key order
        confusions = [.. ranked.Select(g => (g.Key.Item1, g.Key.Item2, g.Value.Count))];
        return [.. ranked.SelectMany(g => g.Value)];
    }

    /// <summary>Writes the grid (10 columns) to <paramref name="path"/>; returns the title it carries.</summary>
    /// <param name="predictions">The predicted digits of the split's first images (all of them, or fewer).</param>
    public static string Save(string path, MnistSplit split, ReadOnlySpan<int> predictions)
    {
        if (predictions.Length > split.Count)
        {
            throw new ArgumentException($"{predictions.Length} predictions for a split of {split.Count} images");
        }

        var order = Order(predictions, split.Labels.AsSpan(0, predictions.Length), out var confusions);
        var shown = Math.Min(order.Count, MaxImages);
        var images = new float[shown * split.PixelsPerImage];
        for (var i = 0; i < shown; i++)
        {
            split.Image(order[i]).CopyTo(images.AsSpan(i * split.PixelsPerImage));
        }

        var top = string.Join(", ", confusions.Take(3).Select(c => $"{c.True}→{c.Predicted} ×{c.Count}"));
        var title = order.Count == 0 ? "no mistakes" : $"{order.Count} mistakes; most common {top}";
        var options = new DigitGridOptions
        {
            Rows = Math.Max(1, (shown + 9) / 10), Cols = 10, ImageRows = split.Rows, ImageCols = split.Cols, Scale = 2, Title = title,
        };
        DigitGrid.Save(path, images, options);
        return title;
    }
}
