using Ssgan.Training.Data;

namespace Ssgan.Cli;

/// <summary>
/// What a command may touch of the outside world, passed in explicitly: the writers, whether stdout is a terminal
/// (live progress) or redirected (plain lines), the stop request, and how MNIST is loaded (tests share one copy).
/// </summary>
internal sealed record CliSession(
    TextWriter Out,
    TextWriter Error,
    bool Interactive,
    Interruption Interruption,
    Func<string?, MnistDataset> LoadData);
