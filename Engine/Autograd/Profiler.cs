using System.Diagnostics;

namespace Ssgan.Engine.Autograd;

/// <summary>
/// Optional per-op wall-clock accounting (forward and backward separately) so the next bottleneck is visible;
/// off by default, when a scope costs one branch.
/// </summary>
public static class Profiler
{
    private static readonly Dictionary<string, (double Ms, long Calls)> Totals = [];

    public static bool Enabled { get; set; }

    public static Scope Measure(string name) => new(Enabled ? name : null);

    /// <summary>Builds the name only when profiling, so a disabled profiler allocates nothing on hot paths.</summary>
    public static Scope Measure<TState>(TState state, Func<TState, string> name) => Enabled ? new(name(state)) : default;

    public static IReadOnlyList<(string Name, double Ms, long Calls)> Snapshot()
    {
        lock (Totals)
        {
            var list = new List<(string, double, long)>();
            foreach (var (k, v) in Totals)
            {
                list.Add((k, v.Ms, v.Calls));
            }

            list.Sort((a, b) => b.Item2.CompareTo(a.Item2));
            return list;
        }
    }

    public static void Reset()
    {
        lock (Totals)
        {
            Totals.Clear();
        }
    }

    public readonly struct Scope : IDisposable
    {
        private readonly string? name;
        private readonly long start;

        internal Scope(string? name)
        {
            this.name = name;
            start = name is null ? 0 : Stopwatch.GetTimestamp();
        }

        public void Dispose()
        {
            if (name is null)
            {
                return;
            }

            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            lock (Totals)
            {
                Totals.TryGetValue(name, out var t);
                Totals[name] = (t.Ms + ms, t.Calls + 1);
            }
        }
    }
}
