namespace Ssgan.Cli;

/// <summary>
/// Every exit code the CLI returns, in one place so scripts can rely on them; the root command's help lists
/// them from <see cref="Documented"/>.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Internal = 1;
    public const int Usage = 2;
    public const int Data = 3;
    public const int Checkpoint = 4;
    public const int OutputDirectory = 5;
    public const int BlasProvider = 6;
    public const int Diverged = 7;
    public const int Image = 8;

    /// <summary>128 + SIGINT (2), the shell convention for a run stopped by Ctrl-C.</summary>
    public const int Interrupted = 130;

    /// <summary>128 + SIGTERM (15).</summary>
    public const int Terminated = 143;

    public static IReadOnlyList<(int Code, string Meaning)> Documented { get; } =
    [
        (Success, "success"),
        (Internal, "unexpected internal error (a bug: rerun with --verbose for the stack trace)"),
        (Usage, "bad command line or option value"),
        (Data, "MNIST data missing, malformed or failing its SHA-256 check"),
        (Checkpoint, "checkpoint or model file missing or malformed"),
        (OutputDirectory, "run/output directory refused (exists without --force, not writable, not a run)"),
        (BlasProvider, "BLAS provider unknown, missing or failing its self-test"),
        (Diverged, "training diverged (non-finite loss or weights); the last good checkpoint is kept"),
        (Image, "an image to classify cannot be read or decoded, or is blank"),
        (Interrupted, "interrupted by Ctrl-C (SIGINT); a checkpoint was written, resume with --resume"),
        (Terminated, "terminated by SIGTERM; a checkpoint was written, resume with --resume"),
    ];

    public static string HelpText() =>
        "Exit codes:\n" + string.Join('\n', Documented.Select(d => $"  {d.Code,3}  {d.Meaning}"));
}
