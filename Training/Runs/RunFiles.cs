namespace Ssgan.Training.Runs;

/// <summary>The layout of a run directory.</summary>
public sealed record RunFiles(string Root)
{
    public string Config => Path.Combine(Root, "config.json");

    public string Metrics => Path.Combine(Root, "metrics.csv");

    public string Samples => Path.Combine(Root, "samples");

    public string Curves => Path.Combine(Root, "curves.png");

    public string Checkpoints => Path.Combine(Root, "checkpoints");

    public string Summary => Path.Combine(Root, "summary.json");

    public string Diagnostics => Path.Combine(Root, "diagnostics.json");

    public string ModelsText => Path.Combine(Root, "models.txt");

    public string ModelDiagrams => Path.Combine(Root, "models");

    public string SampleFor(int epoch) => Path.Combine(Samples, $"epoch-{epoch:D3}.png");

    /// <summary>
    /// Checks, before any training, that a new run may be written here: refuses an existing non-empty directory
    /// unless forced, and probes that the location is writable. Throws <see cref="RunSetupException"/>.
    /// </summary>
    public void PrepareNew(bool force)
    {
        if (File.Exists(Root))
        {
            throw new RunSetupException($"{Root}: exists and is a file, not a run directory");
        }

        if (Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any())
        {
            if (!force)
            {
                throw new RunSetupException($"{Root}: a run already exists here; choose another --out or pass --force to replace it");
            }

            Directory.Delete(Root, recursive: true);
        }

        try
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(Samples);
            Directory.CreateDirectory(Checkpoints);
            var probe = Path.Combine(Root, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunSetupException($"{Root}: cannot write the run directory ({e.Message})");
        }
    }
}

/// <summary>A run cannot start or continue; the message is one line naming the path and the problem.</summary>
public sealed class RunSetupException(string message) : Exception(message);

/// <summary>Training produced a non-finite value; the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
