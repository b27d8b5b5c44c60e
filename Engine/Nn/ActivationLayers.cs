using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

public sealed class LeakyReLU(float alpha) : Module
{
    public float Alpha { get; } = alpha;

    public override Tensor Forward(Tensor x) => Functional.LeakyRelu(x, Alpha);

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override string Describe() => $"LeakyReLU({Alpha})";
}

public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor x) => Functional.Tanh(x);

    public override int[] OutputShape(int[] inputShape) => inputShape;
}

/// <summary>[N, ...] → [N, product]; NCHW order, so features are channel-major as in torch.flatten.</summary>
public sealed class Flatten : Module
{
    public override Tensor Forward(Tensor x) => Functional.Reshape(x, OutputShape(x.Shape));

    public override int[] OutputShape(int[] inputShape) => [inputShape[0], Autograd.ShapeUtil.Product(inputShape.AsSpan(1))];
}

/// <summary>[N, product] → [N, ...shape] (the generator's Dense → 128×7×7).</summary>
public sealed class Reshape(params int[] shape) : Module
{
    public int[] TargetShape { get; } = shape;

    public override Tensor Forward(Tensor x) => Functional.Reshape(x, OutputShape(x.Shape));

    public override int[] OutputShape(int[] inputShape) => [inputShape[0], .. TargetShape];

    public override string Describe() => $"Reshape({string.Join("×", TargetShape)})";
}

/// <summary>Keras Dropout(rate): active only in training mode, masks drawn from the generator given here.</summary>
public sealed class Dropout : Module
{
    private readonly Random rng;

    public Dropout(float rate, Random rng)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), $"dropout rate must be in [0, 1), got {rate}");
        }

        Rate = rate;
        this.rng = rng;
    }

    public float Rate { get; }

    public override Tensor Forward(Tensor x) => Training ? Functional.Dropout(x, Rate, rng) : x;

    public override int[] OutputShape(int[] inputShape) => inputShape;

    public override string Describe() => $"Dropout({Rate})";
}
