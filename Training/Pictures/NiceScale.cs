using System.Globalization;

namespace Ssgan.Training.Pictures;

/// <summary>Axis ranges and tick steps that read well: steps of 1, 2 or 5 × 10^k.</summary>
internal static class NiceScale
{
    /// <summary>Extends [lo, hi] to multiples of a nice step giving roughly <paramref name="targetTicks"/> ticks.</summary>
    public static (double Min, double Max, double Step) Compute(double lo, double hi, int targetTicks)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi))
        {
            (lo, hi) = (0, 1);
        }

        if (hi <= lo)
        {
            // A flat series still needs a visible band around it.
            var pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            (lo, hi) = (lo - pad, hi + pad);
        }

        var raw = (hi - lo) / Math.Max(1, targetTicks - 1);
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        var step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
        // Rounded before flooring: 0.7 / 0.1 is 6.999…, which would add a whole step below a pinned minimum.
        var min = Math.Floor(Math.Round(lo / step, 9)) * step;
        var max = Math.Ceiling(Math.Round(hi / step, 9)) * step;
        return (min, max, step);
    }

    /// <summary>Ticks from min to max inclusive, snapped to the step so 0.30000000000000004 prints as 0.3.</summary>
    public static IEnumerable<double> Ticks(double min, double max, double step)
    {
        var count = (int)Math.Round((max - min) / step);
        for (var i = 0; i <= count; i++)
        {
            yield return Math.Round((min + (i * step)) / step) * step;
        }
    }

    /// <summary>Formats a tick with just enough decimals for the step.</summary>
    public static string Format(double value, double step)
    {
        if (Math.Abs(value) >= 1e6 || (value != 0 && Math.Abs(value) < 1e-4))
        {
            return value.ToString("0.##E0", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Clamp((int)-Math.Floor(Math.Log10(step)), 0, 6);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
