namespace Ssgan.Training.Data;

/// <summary>
/// Chooses the small class-balanced labelled subset a semi-supervised GAN trains its classifier head on
/// (e.g. 100 labels = 10 per digit).
/// </summary>
public static class LabelledSubset
{
    /// <summary>
    /// Picks <paramref name="count"/>/<paramref name="classes"/> indices of each class, without replacement (or with
    /// it, as the article's <c>randint</c> per class does), using only <paramref name="rng"/>, so the same seed always
    /// yields the same subset.
    /// </summary>
    /// <returns>The chosen indices into <paramref name="labels"/>, ascending.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="count"/> is ≤ 0, not a multiple of <paramref name="classes"/>, or more per class than the smallest
    /// class holds; or a label is outside 0..classes−1.
    /// </exception>
    public static int[] Select(ReadOnlySpan<byte> labels, int count, int classes, Random rng, bool withReplacement = false)
    {
        var asInts = new int[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            asInts[i] = labels[i];
        }

        return Select(asInts, count, classes, rng, withReplacement);
    }

    /// <inheritdoc cref="Select(ReadOnlySpan{byte}, int, int, Random, bool)"/>
    public static int[] Select(ReadOnlySpan<int> labels, int count, int classes, Random rng, bool withReplacement = false)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (classes <= 0)
        {
            throw new ArgumentException($"classes must be > 0, got {classes}", nameof(classes));
        }

        if (count <= 0 || count % classes != 0)
        {
            throw new ArgumentException($"labelled count must be a positive multiple of {classes} classes, got {count}", nameof(count));
        }

        var byClass = GroupByClass(labels, classes);
        var perClass = count / classes;
        var smallest = byClass.Select((members, c) => (members.Count, c)).Min();
        if (perClass > smallest.Count && !(withReplacement && smallest.Count > 0))
        {
            throw new ArgumentException(
                $"{count} labels need {perClass} per class but class {smallest.c} has only {smallest.Count} examples", nameof(count));
        }

        var chosen = new int[count];
        var next = 0;
        foreach (var members in byClass)
        {
            if (withReplacement)
            {
                for (var k = 0; k < perClass; k++)
                {
                    chosen[next++] = members[rng.Next(members.Count)];
                }

                continue;
            }

            // Partial Fisher–Yates: after k swaps the first k slots are a uniform sample without replacement.
            for (var k = 0; k < perClass; k++)
            {
                var j = rng.Next(k, members.Count);
                (members[k], members[j]) = (members[j], members[k]);
                chosen[next++] = members[k];
            }
        }

        Array.Sort(chosen);
        return chosen;
    }

    private static List<int>[] GroupByClass(ReadOnlySpan<int> labels, int classes)
    {
        var byClass = new List<int>[classes];
        for (var c = 0; c < classes; c++)
        {
            byClass[c] = [];
        }

        for (var i = 0; i < labels.Length; i++)
        {
            var label = labels[i];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"label {label} at index {i} is outside 0–{classes - 1}", nameof(labels));
            }

            byClass[label].Add(i);
        }

        return byClass;
    }
}
