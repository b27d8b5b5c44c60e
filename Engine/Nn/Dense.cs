using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>Fully connected layer (Keras Dense, PyTorch Linear): weight [Out, In], bias [Out].</summary>
public sealed class Dense : Module
{
    public Dense(int inFeatures, int outFeatures, Random rng)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
        {
            throw new ArgumentException($"Dense needs positive sizes, got {inFeatures}→{outFeatures}");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter("weight", [outFeatures, inFeatures]);
        Bias = new Parameter("bias", [outFeatures]);
        Init.GlorotUniform(Weight.Data, inFeatures, outFeatures, rng);
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public Parameter Weight { get; }

    public Parameter Bias { get; }

    public override Tensor Forward(Tensor x) => Functional.Linear(x, Weight, Bias);

    public override int[] OutputShape(int[] inputShape) => [inputShape[0], OutFeatures];

    public override IEnumerable<(string Name, Parameter Parameter)> NamedParameters() => [("weight", Weight), ("bias", Bias)];

    public override string Describe() => $"Dense({InFeatures}→{OutFeatures})";
}
