using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

/// <summary>The moving average's update, vectorised with the scalar form's operations in its order (EmaTests).</summary>
public static class EmaKernel
{
    // average, parameter, d → average = d·average + (1 − d)·parameter
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(Span<float> average, ReadOnlySpan<float> parameter, float d)
    {
        if (average.Length != parameter.Length)
        {
            throw new ArgumentException($"EMA: {average.Length} averages for {parameter.Length} parameter values");
        }

        var c = 1 - d;
        Vector256<float> vd = Vector256.Create(d), vc = Vector256.Create(c);
        var i = 0;
        for (; i <= average.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            ((vd * Vector256.Create(average.Slice(i, 8))) + (vc * Vector256.Create(parameter.Slice(i, 8)))).CopyTo(average.Slice(i, 8));
        }

        for (; i < average.Length; i++)
        {
            average[i] = (d * average[i]) + (c * parameter[i]);
        }
    }
}
