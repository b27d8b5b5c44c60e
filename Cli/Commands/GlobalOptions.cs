using System.CommandLine;

namespace Ssgan.Cli.Commands;

/// <summary>Options every command understands (declared once on the root, recursive).</summary>
internal sealed class GlobalOptions
{
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "On errors, also print the exception and stack trace.",
        Recursive = true,
    };

    public Option<string?> Provider { get; } = CreateProvider();

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Threads for the BLAS provider (0 = SSGAN_THREADS, else all cores).",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };

    public IEnumerable<Option> All => [Verbose, Provider, Threads];

    /// <summary>Options with a path value that each command declares itself (help text differs per command).</summary>
    public static Option<string?> Data() => new("--data")
    {
        Description = "MNIST directory with the four IDX files (raw or .gz). Default: the bundled assets/mnist, verified by SHA-256.",
        HelpName = "DIR",
    };

    /// <summary>--weights averaged|raw: which discriminator of a checkpoint that holds both classifies.</summary>
    public static Option<string> Weights()
    {
        var option = new Option<string>("--weights")
        {
            Description = $"With a run or checkpoint directory: averaged (its {Training.Runs.ModelFiles.AveragedDiscriminatorFile}, the moving average of the weights, when it has one) or raw.",
            DefaultValueFactory = _ => "averaged",
            HelpName = "averaged|raw",
        };
        option.AcceptOnlyFromAmong("averaged", "raw");
        return option;
    }

    public static Option<bool> Json(string what) => new("--json")
    {
        Description = $"Print {what} as JSON (for scripts) instead of text.",
    };

    private static Option<string?> CreateProvider()
    {
        var option = new Option<string?>("--provider")
        {
            Description = "BLAS provider: auto (managed > openblas > mkl with AVX2/FMA, else managed last), openblas, mkl or managed. Default: SSGAN_BLAS, else auto.",
            HelpName = "auto|openblas|mkl|managed",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("auto", "openblas", "mkl", "managed");
        return option;
    }
}
