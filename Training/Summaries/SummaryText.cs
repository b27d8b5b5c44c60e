using System.Text;

namespace Ssgan.Training.Summaries;

/// <summary>Formats <see cref="ModelTable"/>s like Keras 2's <c>model.summary()</c>, with an NCHW note.</summary>
public static class SummaryText
{
    public const string ShapeNote = "Shapes are NCHW (batch, channels, height, width); None is the batch dimension.";

    public static string Render(IReadOnlyList<ModelTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var text = new StringBuilder();
        text.AppendLine(ShapeNote);
        foreach (var table in tables)
        {
            text.AppendLine();
            text.Append(Render(table));
        }

        return text.ToString();
    }

    public static string Render(ModelTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        // Keras only adds a Trainable column when asked; we add it where it says something (frozen layers).
        var trainableColumn = table.HasFrozenLayers;
        string[] header = trainableColumn ? ["Layer (type)", "Output Shape", "Param #", "Trainable"] : ["Layer (type)", "Output Shape", "Param #"];
        var cells = table.Rows.Select(r => Cells(r, trainableColumn)).ToList();
        var widths = header.Select((h, c) => Math.Max(h.Length, cells.Max(row => row[c].Length)) + 3).ToArray();
        var width = widths.Sum();

        var text = new StringBuilder();
        text.AppendLine($"Model: \"{table.Name}\"");
        text.AppendLine(table.Description);
        text.AppendLine(new string('_', width));
        text.AppendLine(Line(header, widths));
        text.AppendLine(new string('=', width));
        for (var i = 0; i < cells.Count; i++)
        {
            text.AppendLine(Line(cells[i], widths));
            text.AppendLine(i < cells.Count - 1 ? "" : new string('=', width));
        }

        text.AppendLine($"Total params: {ModelTable.FormatCount(table.TotalParams)}");
        text.AppendLine($"Trainable params: {ModelTable.FormatCount(table.TrainableParams)}");
        text.AppendLine($"Non-trainable params: {ModelTable.FormatCount(table.NonTrainableParams)}");
        text.AppendLine(new string('_', width));
        return text.ToString();
    }

    private static string[] Cells(ModelRow row, bool trainableColumn)
    {
        var cells = new[] { row.Label, row.ShapeText, ModelTable.FormatCount(row.Params) };
        return trainableColumn ? [.. cells, row.Frozen ? "N (frozen)" : "Y"] : cells;
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder(" ");
        for (var c = 0; c < cells.Length; c++)
        {
            line.Append(c < cells.Length - 1 ? cells[c].PadRight(widths[c]) : cells[c]);
        }

        return line.ToString();
    }
}
