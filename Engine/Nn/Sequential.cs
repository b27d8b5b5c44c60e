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

    /// <summary>
    /// Whether a convolution directly followed by a LeakyReLU with a slope in [0, 1] runs as one fused op (see
    /// Functional.FusedLeakyRelu): the same function and gradients, one pass over the activations fewer each way.
    /// Off, every layer runs on its own (the tests compare the two).
    /// </summary>
    public bool FuseActivations { get; set; } = true;

    public override Tensor Forward(Tensor x) => Forward(x, null, out _);

    /// <summary>The output, and in <paramref name="tapped"/> the output of the layer named <paramref name="tap"/> (feature matching reads one).</summary>
    public Tensor Forward(Tensor x, string? tap, out Tensor? tapped)
    {
        tapped = null;
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i].Layer;
            if (FuseActivations && layer is ConvLayer conv && i + 1 < layers.Count && layers[i + 1].Layer is LeakyReLU { Alpha: >= 0f and <= 1f } act)
            {
                x = conv.Forward(x, act.Alpha);
                i++;
                tapped = layers[i].Name == tap || layers[i - 1].Name == tap ? x : tapped;
                continue;
            }

            x = layer.Forward(x);
            tapped = layers[i].Name == tap ? x : tapped;
        }

        if (tap is not null && tapped is null)
        {
            throw new ArgumentException($"no layer named '{tap}' in this Sequential");
        }

        return x;
    }

    /// <summary>Each weight-normalised layer's <see cref="WeightNormDense.ShareWeight"/>, ended together.</summary>
    public IDisposable ShareWeights()
    {
        var scopes = new List<IDisposable>();
        foreach (var (_, layer) in layers)
        {
            if (layer is WeightNormDense wn)
            {
                scopes.Add(wn.ShareWeight());
            }
        }

        return new Scopes(scopes);
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

    private sealed class Scopes(List<IDisposable> scopes) : IDisposable
    {
        public void Dispose() => scopes.ForEach(s => s.Dispose());
    }
}
