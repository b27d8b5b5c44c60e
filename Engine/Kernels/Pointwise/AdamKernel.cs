using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ssgan.Engine.Kernels;

public static class AdamKernel
{
    // grad, hyper-parameters → parameter, m, v (all updated in place)
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(ReadOnlySpan<float> grad, float beta1, float beta2, float epsilon, float alpha, Span<float> parameter, Span<float> m, Span<float> v)
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
                (Vector256.Create(parameter.Slice(i, 8)) - (a * mi / (Vector256.Sqrt(vi) + eps))).CopyTo(parameter.Slice(i, 8));
            }
        }

        for (; i < grad.Length; i++)
        {
            m[i] = (beta1 * m[i]) + ((1 - beta1) * grad[i]);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * grad[i] * grad[i]);
            parameter[i] -= alpha * m[i] / (MathF.Sqrt(v[i]) + epsilon);
        }
    }

    // grad, hyper-parameters → parameter, m, v (in place); the step α·m/√(v + ε′), ε′ = ε(1 − β₂ᵗ) from the caller
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpdateInsideRoot(ReadOnlySpan<float> grad, float beta1, float beta2, float epsilon, float alpha, Span<float> parameter, Span<float> m, Span<float> v)
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
                (Vector256.Create(parameter.Slice(i, 8)) - (a * mi / Vector256.Sqrt(vi + eps))).CopyTo(parameter.Slice(i, 8));
            }
        }

        for (; i < grad.Length; i++)
        {
            m[i] = (beta1 * m[i]) + ((1 - beta1) * grad[i]);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * grad[i] * grad[i]);
            parameter[i] -= alpha * m[i] / MathF.Sqrt(v[i] + epsilon);
        }
    }
}
