namespace Ssgan.Engine.Tests;

/// <summary>
/// A float64 reference with the error a float32 kernel may show against it on any CPU, vector width or BLAS
/// blocking. Each rounding in a float32 sum of K terms is at most u·Σ|terms| (u = 2⁻²⁴), and roundings of either
/// sign grow like √K (Higham &amp; Mary, SIAM J. Sci. Comput. 41(5), 2019), so a result may differ by
/// Atol + C·√K·u·Σ|terms|. Σ|terms| is the same reference run on the inputs' absolute values (every kernel here
/// is a sum of products), so the allowance follows the data and the summation length, not one machine's result.
/// </summary>
public sealed record ErrorBound(double[] Values, double[] Magnitudes, int Terms)
{
    public const double UnitRoundoff = 1.0 / (1 << 24);

    // Winograd's transforms add four inputs and halve before the products: a few more roundings per term.
    public const double Safety = 2;

    public const double Atol = 1e-6;

    /// <summary>The reference of <paramref name="inputs"/> and of their absolute values; K terms per output.</summary>
    public static ErrorBound Of(int terms, Func<float[][], double[]> reference, params float[][] inputs) =>
        new(reference(inputs), reference(Array.ConvertAll(inputs, Abs)), terms);

    /// <summary>The same for a reference with several outputs (e.g. dx, dW, db of one backward).</summary>
    public static ErrorBound[] Of(int[] terms, Func<float[][], double[][]> reference, params float[][] inputs)
    {
        var values = reference(inputs);
        var magnitudes = reference(Array.ConvertAll(inputs, Abs));
        return [.. terms.Select((k, i) => new ErrorBound(values[i], magnitudes[i], k))];
    }

    /// <summary>The result accumulated onto ones: one more term of magnitude 1.</summary>
    public ErrorBound PlusOne() => new(Array.ConvertAll(Values, v => v + 1), Array.ConvertAll(Magnitudes, v => v + 1), Terms + 1);

    /// <summary>A pointwise map f with |f(a) − f(b)| ≤ |a − b| (LeakyReLU, ReLU): the same allowance carries over.</summary>
    public ErrorBound Map(Func<double, double> contraction) => this with { Values = Array.ConvertAll(Values, v => contraction(v)) };

    public double Allowed(int i) => Atol + (Safety * Math.Sqrt(Terms) * UnitRoundoff * Magnitudes[i]);

    /// <summary>Fails with the first element outside its allowance, naming the numbers.</summary>
    public void Check(float[] actual, string what)
    {
        Assert.HasCount(Values.Length, actual, what);
        for (var i = 0; i < Values.Length; i++)
        {
            var allowed = Allowed(i);
            if (!(Math.Abs(Values[i] - actual[i]) <= allowed))
            {
                Assert.Fail($"{what}[{i}]: expected {Values[i]:G8}, got {actual[i]:G8} (allowed ±{allowed:G3}: {Terms} terms, Σ|terms| {Magnitudes[i]:G4})");
            }
        }
    }

    private static float[] Abs(float[] v) => Array.ConvertAll(v, MathF.Abs);
}
