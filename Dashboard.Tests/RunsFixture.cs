using Ssgan.Training.Pictures;

namespace Ssgan.Dashboard.Tests;

/// <summary>
/// A runs directory as a user's might look: a finished tiny run ("done", with a second, made-up epoch grid so the
/// slider has two to choose from), a run whose config.json is broken, and a symlink to a directory outside that
/// holds a file no request may reach. Deleted on dispose.
/// </summary>
internal sealed class RunsFixture : IDisposable
{
    public const string Finished = "done", Broken = "broken", Outside = "outside", Secret = "secret.txt";

    public RunsFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "ssgan-dash-" + Guid.NewGuid().ToString("N"));
        Runs = Path.Combine(Root, "runs");
        Directory.CreateDirectory(Runs);
        var secrets = Path.Combine(Root, "secrets");
        Directory.CreateDirectory(secrets);
        File.WriteAllText(Path.Combine(secrets, Secret), "not for the dashboard");
        File.CreateSymbolicLink(Path.Combine(Runs, Outside), secrets);
        Directory.CreateDirectory(Path.Combine(Runs, Broken));
        File.WriteAllText(Path.Combine(Runs, Broken, "config.json"), "{ not json");

        SsganProcess.Run([.. SsganProcess.TinyTrain, "--out", Run(Finished)], TimeSpan.FromMinutes(4));
        var noise = new float[100 * 28 * 28];
        var rng = new Random(2);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        File.WriteAllBytes(Path.Combine(Run(Finished), "samples", "epoch-002.png"), DigitGrid.RenderPng(noise, new DigitGridOptions { Title = "noise" }));
    }

    /// <summary>The directory holding the runs directory and the outside one.</summary>
    public string Root { get; }

    public string Runs { get; }

    public string Run(string name) => Path.Combine(Runs, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
