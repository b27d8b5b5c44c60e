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

    public string Lock => Path.Combine(Root, RunLock.FileName);

    public string SampleFor(int epoch) => Path.Combine(Samples, $"epoch-{epoch:D3}.png");

    /// <summary>What a run has written that a restart from step 0 would overwrite, or null when nothing.</summary>
    public string? History()
    {
        if (Directory.Exists(Checkpoints) && Directory.EnumerateFileSystemEntries(Checkpoints).Any())
        {
            return $"entries in {Checkpoints}";
        }

        return File.Exists(Metrics) && File.ReadLines(Metrics).Skip(1).Any() ? $"rows in {Metrics}" : null;
    }

    /// <summary>True when the directory exists and holds anything.</summary>
    public bool IsOccupied => Directory.Exists(Root) && Directory.EnumerateFileSystemEntries(Root).Any();

    /// <summary>
    /// Checks, once everything else has been validated, that a new run may be written here, locks it and returns
    /// the lock: refuses an existing non-empty directory unless forced, and then only a run of ours that no other
    /// process writes (<see cref="RunGuard"/>, <see cref="RunLock"/>); probes that the location is writable.
    /// Throws <see cref="RunSetupException"/>.
    /// </summary>
    public RunLock PrepareNew(bool force)
    {
        if (File.Exists(Root))
        {
            throw new RunSetupException($"{Root}: exists and is a file, not a run directory");
        }

        var occupied = IsOccupied;
        if (occupied && !force)
        {
            throw new RunSetupException($"{Root}: a run already exists here; choose another --out or pass --force to replace it");
        }

        if (occupied)
        {
            RunGuard.CheckReplaceable(Root);
        }

        try
        {
            Directory.CreateDirectory(Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunSetupException($"{Root}: cannot write the run directory ({e.Message})");
        }

        var held = RunLock.Acquire(Root);
        try
        {
            if (occupied)
            {
                ClearExceptLock();
            }

            Directory.CreateDirectory(Samples);
            Directory.CreateDirectory(Checkpoints);
            var probe = Path.Combine(Root, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return held;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            held.Dispose();
            throw new RunSetupException($"{Root}: cannot write the run directory ({e.Message})");
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Deletes the old run's entries but keeps the lock file this process holds (links are removed, never followed).</summary>
    private void ClearExceptLock()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Root).ToList())
        {
            if (Path.GetFileName(entry) == RunLock.FileName)
            {
                continue;
            }

            var info = new FileInfo(entry);
            if (info.LinkTarget is null && Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}

/// <summary>A run cannot start or continue; the message is one line naming the path and the problem.</summary>
public sealed class RunSetupException(string message) : Exception(message);

/// <summary>Training produced a non-finite value; the last good checkpoint is kept.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
