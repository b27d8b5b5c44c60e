using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>Named layers applied in order; parameter names are "layerName.paramName".</summary>
public sealed class Sequential : Module
{
    private readonly List<(string Name, Module Layer)> layers = [];

    public IReadOnlyList<(string Name, Module Layer)> Layers => layers;

    public Sequential Add(string name, Module layer)
    {
        foreach (var (existing, _) in layers)
        {
            if (existing == name)
            {
                throw new ArgumentException($"a layer named '{name}' is already in this Sequential");
            }
        }

        layers.Add((name, layer));
        return this;
    }

    public override Tensor Forward(Tensor x)
    {
        foreach (var (_, layer) in layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    public override int[] OutputShape(int[] inputShape)
    {
        foreach (var (_, layer) in layers)
        {
            inputShape = layer.OutputShape(inputShape);
        }

        return inputShape;
    }

    protected override IEnumerable<Module> Children() => layers.Select(l => l.Layer);

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        foreach (var (name, layer) in layers)
        {
            foreach (var (pName, p) in layer.NamedParameters())
            {
                yield return ($"{name}.{pName}", p);
            }
        }
    }
}
