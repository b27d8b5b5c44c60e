using Ssgan.Engine.Nn;

namespace Ssgan.Training.Summaries;

/// <summary>
/// Walks real layers in order, asking each for its output shape and its parameters, so a summary can never drift
/// from the model it describes.
/// </summary>
internal sealed class TableBuilder
{
    // Shapes are propagated with a batch of 1 because some layers read the batch size; rows drop it again.
    private const int Batch = 1;
    private readonly List<ModelRow> rows = [];
    private int[] shape;

    public TableBuilder(int[] inputShape)
    {
        if (inputShape.Length == 0 || inputShape.Any(d => d <= 0))
        {
            throw new ArgumentException($"input shape must be non-empty and positive, got ({string.Join(", ", inputShape)})", nameof(inputShape));
        }

        shape = [Batch, .. inputShape];
        rows.Add(new ModelRow("input", "InputLayer", inputShape, 0, 0, "input", null, false));
    }

    /// <summary>Adds every layer of <paramref name="model"/>, checking the rows account for all its parameters.</summary>
    public TableBuilder AddAll(Sequential model, string? group = null)
    {
        var parameters = model.Parameters().ToList();
        var frozen = parameters.Count > 0 && parameters.All(p => !p.RequiresGrad);
        var before = rows.Sum(r => r.Params);
        foreach (var (name, layer) in model.Layers)
        {
            Add(group is null ? name : $"{group}.{name}", layer, group, frozen);
        }

        var counted = rows.Sum(r => r.Params) - before;
        if (counted != model.ParameterCount())
        {
            throw new InvalidOperationException($"layers of {group ?? "the model"} hold {counted} parameters but the model has {model.ParameterCount()}");
        }

        return this;
    }

    public TableBuilder Add(string name, Module layer, string? group = null, bool frozen = false)
    {
        shape = layer.OutputShape(shape);
        if (shape.Length == 0 || shape[0] != Batch)
        {
            throw new InvalidOperationException($"layer {name} changed the batch dimension to {(shape.Length == 0 ? "nothing" : shape[0])}");
        }

        long total = 0, trainable = 0;
        foreach (var (_, p) in layer.NamedParameters())
        {
            total += p.Size;
            trainable += p.RequiresGrad ? p.Size : 0;
        }

        rows.Add(new ModelRow(name, layer.GetType().Name, shape[1..], total, trainable, layer.Describe(), group, frozen));
        return this;
    }

    public ModelTable Build(string name, string description) => new(name, description, rows.ToArray());
}
