using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>
/// A layer or a model. Parameters are listed explicitly by each module (no reflection), with
/// dotted PyTorch-style names ("conv1.weight") so checkpoints map onto the equivalent torch modules.
/// </summary>
public abstract class Module
{
    public abstract Tensor Forward(Tensor x);

    /// <summary>
    /// Training mode switches dropout on. Unlike torch, modules start in evaluation mode: only a trainer turns it on
    /// (around its updates), so a model loaded for evaluation or classification can never drop units by accident.
    /// </summary>
    public bool Training { get; private set; }

    /// <summary>Sets training mode on this module and every child (torch's module.train(mode)).</summary>
    public void Train(bool mode = true)
    {
        Training = mode;
        foreach (var child in Children())
        {
            child.Train(mode);
        }
    }

    /// <summary>The modules this one is built from, for <see cref="Train"/>.</summary>
    protected virtual IEnumerable<Module> Children() => [];

    /// <summary>Output shape for an input shape, without computing anything (for summaries and checks).</summary>
    public abstract int[] OutputShape(int[] inputShape);

    /// <summary>The module's own parameters and its children's, with dotted names.</summary>
    public virtual IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [];

    public IEnumerable<Parameter> Parameters()
    {
        foreach (var (_, p) in NamedParameters())
        {
            yield return p;
        }
    }

    public long ParameterCount()
    {
        long n = 0;
        foreach (var p in Parameters())
        {
            n += p.Size;
        }

        return n;
    }

    /// <summary>Frozen parameters get no gradient and their weight-gradient GEMMs are not run; fixed ones never do.</summary>
    public void SetTrainable(bool trainable)
    {
        foreach (var p in Parameters())
        {
            p.RequiresGrad = trainable && !p.Fixed;
        }
    }

    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>A short description for summaries, e.g. "Conv2d(1→128, 3×3, stride 2, same)".</summary>
    public virtual string Describe() => GetType().Name;
}
