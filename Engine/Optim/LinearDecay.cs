namespace Ssgan.Engine.Optim;

/// <summary>
/// A learning-rate factor that stays 1 for the first part of a run and falls linearly over its last
/// <see cref="Fraction"/>, reaching 0 one step after the last (Bad GAN's schedule for the improved GAN). A pure
/// function of the step, so a resumed run needs no state for it.
/// </summary>
public readonly record struct LinearDecay
{
    public LinearDecay(long totalSteps, double fraction)
    {
        if (totalSteps <= 0 || !(fraction >= 0 && fraction <= 1))
        {
            throw new ArgumentException($"linear decay needs total steps > 0 and a fraction in [0, 1]; got {totalSteps} steps, fraction {fraction}");
        }

        (TotalSteps, Fraction) = (totalSteps, fraction);
    }

    public long TotalSteps { get; }

    /// <summary>Share of the run, at its end, over which the factor falls; 0 = constant.</summary>
    public double Fraction { get; }

    /// <summary>The factor for the update that follows <paramref name="stepsDone"/> steps: in (0, 1] inside the run.</summary>
    public double Factor(long stepsDone)
    {
        var decaySteps = TotalSteps * Fraction;
        return decaySteps <= 0 ? 1 : Math.Clamp((TotalSteps - stepsDone) / decaySteps, 0, 1);
    }
}
