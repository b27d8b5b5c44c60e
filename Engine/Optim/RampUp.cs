namespace Ssgan.Engine.Optim;

/// <summary>
/// Laine &amp; Aila's (2017) ramp-up of an unsupervised loss weight: exp(−5(1 − t/T)²) over the first T steps, then 1.
/// Starts near 0.7 % so early, random predictions do not pull one another; a pure function of the step.
/// </summary>
public readonly record struct RampUp
{
    public RampUp(long steps)
    {
        if (steps < 0)
        {
            throw new ArgumentException($"a ramp-up needs steps ≥ 0; got {steps}");
        }

        Steps = steps;
    }

    public long Steps { get; }

    /// <summary>The factor for the update that follows <paramref name="stepsDone"/> steps, in (0, 1].</summary>
    public double Factor(long stepsDone)
    {
        var t = Steps == 0 ? 1 : Math.Clamp((double)stepsDone / Steps, 0, 1);
        return Math.Exp(-5 * (1 - t) * (1 - t));
    }
}
