using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

public sealed class Relu : Module
{
    public override Tensor Forward(Tensor x) => Functional.Relu(x);

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override string Describe() => "ReLU";
}

public sealed class Softplus : Module
{
    public override Tensor Forward(Tensor x) => Functional.Softplus(x);

    public override int[] OutputShape(int[] inputShape) => inputShape;
}

public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor x) => Functional.Sigmoid(x);

    public override int[] OutputShape(int[] inputShape) => inputShape;
}

/// <summary>Adds N(0, σ²) noise in training mode only (Lasagne's GaussianNoiseLayer), drawn from the generator given here.</summary>
public sealed class GaussianNoise(float sigma, Rng rng) : Module
{
    public float Sigma { get; } = sigma >= 0 && float.IsFinite(sigma) ? sigma : throw new ArgumentOutOfRangeException(nameof(sigma), $"noise σ must be finite and ≥ 0, got {sigma}");

    public override Tensor Forward(Tensor x) => Training ? Functional.GaussianNoise(x, Sigma, rng) : x;

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override string Describe() => $"GaussianNoise({Sigma})";
}

/// <summary>y = scale·x + shift, fixed (maps the data's [−1, 1] to a model's [0, 1] and back).</summary>
public sealed class Affine(float scale, float shift) : Module
{
    public float Scale { get; } = scale;

    public float Shift { get; } = shift;

    public override Tensor Forward(Tensor x) => Functional.Affine(x, Scale, Shift);

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override string Describe() => $"Affine({Scale}·x + {Shift})";
}
