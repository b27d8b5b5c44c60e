namespace Ssgan.Training.Sgan;

/// <summary>The losses of one training step; a baseline run makes no GAN updates (<see cref="HasGan"/> false).</summary>
public readonly record struct StepLosses(float Supervised, float SupervisedAccuracy, float Real, float Fake, float Generator, bool HasGan)
{
    public bool AllFinite => float.IsFinite(Supervised) && float.IsFinite(SupervisedAccuracy)
        && (!HasGan || (float.IsFinite(Real) && float.IsFinite(Fake) && float.IsFinite(Generator)));

    /// <summary>Which update produced the first non-finite loss, for divergence messages.</summary>
    public string FirstNonFinite() =>
        !float.IsFinite(Supervised) ? "supervised update" :
        HasGan && !float.IsFinite(Real) ? "unsupervised update on real images" :
        HasGan && !float.IsFinite(Fake) ? "unsupervised update on generated images" :
        HasGan && !float.IsFinite(Generator) ? "generator update" : "none";
}
