namespace Ssgan.Engine.Nn;

/// <summary>Keras' default initialisers, drawn from an explicit seeded generator.</summary>
public static class Init
{
    /// <summary>
    /// Glorot (Xavier) uniform: U(−l, l) with l = √(6 / (fanIn + fanOut)). Keras computes the fans of a conv kernel
    /// as channels × receptive field (kh·kw) on each side, and of a Dense kernel as its input and output sizes.
    /// </summary>
    public static void GlorotUniform(Span<float> weights, int fanIn, int fanOut, Random rng)
    {
        if (fanIn <= 0 || fanOut <= 0)
        {
            throw new ArgumentException($"Glorot fans must be positive, got fanIn {fanIn}, fanOut {fanOut}");
        }

        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)(((2 * rng.NextDouble()) - 1) * limit);
        }
    }
}
