using Ssgan.Engine;
using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Tests;

public static class TestData
{
    /// <summary>A tensor of uniform values in [−scale, scale] from a seeded generator.</summary>
    public static Tensor Random(int[] shape, ulong seed, float scale = 1f, bool requiresGrad = true)
    {
        var t = new Tensor(shape, null, requiresGrad);
        var rng = new Rng(seed);
        for (var i = 0; i < t.Size; i++)
        {
            t.Data[i] = scale * ((2 * rng.NextSingle()) - 1);
        }

        return t;
    }

    /// <summary>Values kept at least <paramref name="gap"/> away from zero, so central differences never straddle a ReLU kink.</summary>
    public static Tensor AwayFromZero(int[] shape, ulong seed, float gap = 0.05f)
    {
        var t = Random(shape, seed);
        for (var i = 0; i < t.Size; i++)
        {
            t.Data[i] = MathF.CopySign(gap + (MathF.Abs(t.Data[i]) * (1 - gap)), t.Data[i]);
        }

        return t;
    }
}
