using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>A trainable tensor with a name (PyTorch's, e.g. "weight"); freezing it skips all its gradient work.</summary>
public sealed class Parameter : Tensor
{
    public Parameter(string name, int[] shape)
        : base(shape, null, requiresGrad: true)
    {
        Name = name;
    }

    public string Name { get; }
}
