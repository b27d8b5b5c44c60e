using System.Globalization;

namespace Ssgan.Training.Summaries;

/// <summary>
/// One layer of a summary. <paramref name="OutputShape"/> is per example: the batch dimension (Keras's None) is
/// left out, and shapes are NCHW. <paramref name="Group"/> names the sub-model a layer belongs to in a composite
/// ("generator", "discriminator"), or is null; <paramref name="Frozen"/> marks layers of a frozen sub-model,
/// including its parameter-free ones.
/// </summary>
public sealed record ModelRow(
    string Name, string Type, int[] OutputShape, long Params, long TrainableParams, string Description, string? Group, bool Frozen)
{
    public string Label => $"{Name} ({Type})";

    public string ShapeText => ModelTable.FormatShape(OutputShape);
}

/// <summary>A Keras-style summary of one model: its layers in order and the parameter totals.</summary>
public sealed record ModelTable(string Name, string Description, IReadOnlyList<ModelRow> Rows)
{
    public long TotalParams => Rows.Sum(r => r.Params);

    public long TrainableParams => Rows.Sum(r => r.TrainableParams);

    public long NonTrainableParams => TotalParams - TrainableParams;

    public bool HasFrozenLayers => Rows.Any(r => r.Frozen);

    /// <summary>[128, 14, 14] → "(None, 128, 14, 14)".</summary>
    public static string FormatShape(IReadOnlyList<int> perExample) =>
        "(" + string.Join(", ", perExample.Select(d => d.ToString(CultureInfo.InvariantCulture)).Prepend("None")) + ")";

    /// <summary>1164289 → "1,164,289", independent of the process culture.</summary>
    public static string FormatCount(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
