using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>
/// A named tensor of a module (PyTorch's name, e.g. "weight"), saved in checkpoints. Trainable unless
/// <see cref="Fixed"/> — a buffer such as batch norm's running mean or a scale held at its initial value —
/// which never requires a gradient; freezing a trainable one skips all its gradient work.
/// </summary>
public sealed class Parameter : Tensor
{
    public Parameter(string name, int[] shape, bool isFixed = false)
        : base(shape, null, requiresGrad: !isFixed)
    {
        Name = name;
        Fixed = isFixed;
    }

    public string Name { get; }

    public bool Fixed { get; }
}
