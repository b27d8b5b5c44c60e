using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

public static class AdamKernel
{
    // grad, hyper-parameters → parameter, m, v (all updated in place). The step is α·m/(√v + ε) (Keras), or with
    // epsilonInsideRoot α·m/√(v + ε), the caller passing ε′ = ε(1 − β₂ᵗ) (Salimans et al.'s lr·m̂/√(v̂ + ε)).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(ReadOnlySpan<float> grad, float beta1, float beta2, float epsilon, float alpha, Span<float> parameter, Span<float> m, Span<float> v, bool epsilonInsideRoot = false)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var b1 = Vector256.Create(beta1);
            var c1 = Vector256.Create(1 - beta1);
            var b2 = Vector256.Create(beta2);
            var c2 = Vector256.Create(1 - beta2);
            var eps = Vector256.Create(epsilon);
            var a = Vector256.Create(alpha);
            for (; i <= grad.Length - 8; i += 8)
            {
                var g = Vector256.Create(grad.Slice(i, 8));
                var mi = (b1 * Vector256.Create(m.Slice(i, 8))) + (c1 * g);
                var vi = (b2 * Vector256.Create(v.Slice(i, 8))) + (c2 * g * g);
                mi.CopyTo(m.Slice(i, 8));
                vi.CopyTo(v.Slice(i, 8));
                var denominator = epsilonInsideRoot ? Vector256.Sqrt(vi + eps) : Vector256.Sqrt(vi) + eps;
                (Vector256.Create(parameter.Slice(i, 8)) - (a * mi / denominator)).CopyTo(parameter.Slice(i, 8));
            }
        }

        for (; i < grad.Length; i++)
        {
            m[i] = (beta1 * m[i]) + ((1 - beta1) * grad[i]);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * grad[i] * grad[i]);
            parameter[i] -= alpha * m[i] / (epsilonInsideRoot ? MathF.Sqrt(v[i] + epsilon) : MathF.Sqrt(v[i]) + epsilon);
        }
    }
}
