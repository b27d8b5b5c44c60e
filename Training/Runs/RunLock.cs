namespace Ssgan.Training.Runs;

/// <summary>
/// The writer's lock on a run: an OS lock (flock, through FileShare.None) on RUN/.lock, held for the run's life.
/// The OS drops it on any exit, so a killed process leaves no stale lock; the file itself stays and is reused.
/// Readers (evaluate, classify, generate, summary) never take it.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = ".lock";
    private readonly FileStream stream;

    private RunLock(FileStream stream) => this.stream = stream;

    /// <summary>Locks <paramref name="root"/> (which must exist) or throws <see cref="RunSetupException"/> when another process holds it.</summary>
    public static RunLock Acquire(string root)
    {
        var path = Path.Combine(root, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new RunSetupException($"{root}: another process is writing this run (it holds {path}); wait for it to finish or stop it first");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new RunSetupException($"{root}: cannot lock the run directory ({e.Message})");
        }

        return new RunLock(stream);
    }

    /// <summary>Fails like <see cref="Acquire"/> when a writer holds the run; takes nothing (and creates nothing) otherwise.</summary>
    public static void CheckFree(string root)
    {
        if (File.Exists(Path.Combine(root, FileName)))
        {
            Acquire(root).Dispose();
        }
    }

    public void Dispose() => stream.Dispose();
}
