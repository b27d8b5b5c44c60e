using SkiaSharp;
using Ssgan.Models;
using Ssgan.Training.Pictures;

namespace Ssgan.Training.Summaries;

/// <summary>Where one layer's box is drawn, in pixels.</summary>
public sealed record DiagramBox(ModelRow Row, SKRectI Bounds);

/// <summary>One rendered diagram: its PNG bytes, pixel size and layer boxes.</summary>
public sealed record DiagramPicture(string Name, byte[] Png, int Width, int Height, IReadOnlyList<DiagramBox> Boxes);

/// <summary>
/// Keras <c>plot_model(show_shapes=True)</c>-style PNGs of the four models, drawn from the same
/// <see cref="ModelTable"/>s as the text summary: one box per layer with its name, type and output shape.
/// </summary>
public static class ModelDiagram
{
    /// <summary>
    /// Writes classifier.png, discriminator.png (the shared trunk branching into both heads), generator.png and
    /// composite.png (frozen layers grey) for freshly built models of <paramref name="config"/>'s sizes.
    /// </summary>
    public static IReadOnlyList<string> SaveAll(ModelConfig config, string directory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return SaveAll(ModelSummary.Build(config), directory);
    }

    /// <summary>Writes the four diagrams for tables from <see cref="ModelSummary.Build(Discriminator, Generator)"/>; returns their paths.</summary>
    public static IReadOnlyList<string> SaveAll(IReadOnlyList<ModelTable> tables, string directory)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var paths = new List<string>();
        foreach (var picture in RenderAll(tables))
        {
            var path = Path.Combine(directory, picture.Name + ".png");
            PictureCanvas.WriteFile(path, picture.Png);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The four diagrams in memory, with where each layer's box landed (for embedding or checking).</summary>
    public static IReadOnlyList<DiagramPicture> RenderAll(IReadOnlyList<ModelTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var classifier = Find(tables, ModelSummary.ClassifierName);
        var discriminator = Find(tables, ModelSummary.DiscriminatorName);
        var pictures = new (string Name, DiagramSpec Spec)[]
        {
            (ModelSummary.ClassifierName, Chain(classifier)),
            (ModelSummary.DiscriminatorName, TwoHeads(classifier, discriminator)),
            (ModelSummary.GeneratorName, Chain(Find(tables, ModelSummary.GeneratorName))),
            (ModelSummary.CompositeName, Composite(Find(tables, ModelSummary.CompositeName))),
        };
        return pictures.Select(p => Render(p.Name, p.Spec)).ToList();
    }

    private static DiagramPicture Render(string name, DiagramSpec spec)
    {
        var layout = new DiagramLayout(spec);
        var boxes = spec.Nodes.Select((node, i) => new DiagramBox(node.Row, SKRectI.Round(layout.Boxes[i]))).ToList();
        return new DiagramPicture(name, DiagramPainter.RenderPng(layout), layout.Width, layout.Height, boxes);
    }

    private static ModelTable Find(IReadOnlyList<ModelTable> tables, string name) =>
        tables.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"no '{name}' table among [{string.Join(", ", tables.Select(t => t.Name))}]", nameof(tables));

    private static DiagramSpec Chain(ModelTable table)
    {
        var nodes = table.Rows.Select((row, i) => new DiagramNode(row, 0, i)).ToList();
        return new DiagramSpec(table.Name, table.Description, nodes, Links(0, nodes.Count), [], Totals(table));
    }

    /// <summary>The trunk once, centred over its two heads, because both models use the very same layers.</summary>
    private static DiagramSpec TwoHeads(ModelTable classifier, ModelTable discriminator)
    {
        var trunk = discriminator.Rows.Take(discriminator.Rows.Count - 1).ToList();
        if (classifier.Rows.Count != discriminator.Rows.Count || !trunk.Select(r => r.Label).SequenceEqual(classifier.Rows.Take(trunk.Count).Select(r => r.Label)))
        {
            throw new ArgumentException($"'{classifier.Name}' and '{discriminator.Name}' do not share a trunk", nameof(classifier));
        }

        var nodes = trunk.Select((row, i) => new DiagramNode(row, 0.5f, i)).ToList();
        nodes.Add(new DiagramNode(classifier.Rows[^1], 0, trunk.Count));
        nodes.Add(new DiagramNode(discriminator.Rows[^1], 1, trunk.Count));
        var edges = Links(0, trunk.Count).Append((trunk.Count - 1, trunk.Count)).Append((trunk.Count - 1, trunk.Count + 1)).ToList();
        var shared = new DiagramFrame(Enumerable.Range(1, trunk.Count - 1).ToList(), "shared trunk", Frozen: false, LabelBeside: true);
        string[] footer =
        [
            $"Both heads use the same {ModelTable.FormatCount(discriminator.TotalParams)} weights.",
            $"{classifier.Name} (left head): Total params {ModelTable.FormatCount(classifier.TotalParams)} · trainable {ModelTable.FormatCount(classifier.TrainableParams)}",
            $"{discriminator.Name} (right head): Total params {ModelTable.FormatCount(discriminator.TotalParams)} · trainable {ModelTable.FormatCount(discriminator.TrainableParams)}",
        ];
        return new DiagramSpec(
            $"{discriminator.Name}: one trunk, two heads",
            $"left: softmax, the supervised {classifier.Name}; right: Z/(Z+1), the unsupervised real/fake {discriminator.Name}",
            nodes, edges, [shared], footer);
    }

    /// <summary>The generator down the left, the frozen discriminator down the right, joined generator → discriminator.</summary>
    private static DiagramSpec Composite(ModelTable table)
    {
        var generator = table.Rows.TakeWhile(r => r.Group != ModelSummary.DiscriminatorName).ToList();
        var rest = table.Rows.Skip(generator.Count).ToList();
        var nodes = generator.Select((row, i) => new DiagramNode(row, 0, i))
            .Concat(rest.Select((row, i) => new DiagramNode(row, 1, i))).ToList();
        var edges = Links(0, generator.Count).Append((generator.Count - 1, generator.Count)).Concat(Links(generator.Count, rest.Count)).ToList();
        var discriminatorNodes = Enumerable.Range(generator.Count, rest.Count).Where(i => nodes[i].Row.Group == ModelSummary.DiscriminatorName).ToList();
        var frozen = discriminatorNodes.All(i => nodes[i].Row.Frozen);
        DiagramFrame[] frames =
        [
            new(Enumerable.Range(0, generator.Count).ToList(), $"{ModelSummary.GeneratorName} (trainable)", Frozen: false),
            new(discriminatorNodes, $"{ModelSummary.DiscriminatorName} ({(frozen ? "frozen" : "trainable")}, weights shared)", frozen),
        ];
        return new DiagramSpec(table.Name, table.Description, nodes, edges, frames, Totals(table));
    }

    private static List<(int From, int To)> Links(int first, int count) =>
        Enumerable.Range(first, Math.Max(0, count - 1)).Select(i => (i, i + 1)).ToList();

    private static string[] Totals(ModelTable table) =>
    [
        $"Total params: {ModelTable.FormatCount(table.TotalParams)}",
        $"Trainable params: {ModelTable.FormatCount(table.TrainableParams)} · Non-trainable params: {ModelTable.FormatCount(table.NonTrainableParams)}",
    ];
}
