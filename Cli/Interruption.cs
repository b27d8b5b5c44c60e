using System.Runtime.InteropServices;

namespace Ssgan.Cli;

/// <summary>
/// A request to stop a training run gracefully (finish the step, checkpoint, exit). Signals are only taken over
/// while a run is listening (<see cref="Listen"/>), so Ctrl-C still kills the short commands at once.
/// Tests create one without signals and call <see cref="Request"/> themselves.
/// </summary>
internal sealed class Interruption(bool handleSignals) : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public CancellationToken Token => source.Token;

    /// <summary>The exit code that matches what asked to stop (130 SIGINT, 143 SIGTERM), or 0 if nothing did.</summary>
    public int ExitCode { get; private set; }

    public string Reason { get; private set; } = "";

    public void Request(int exitCode, string reason)
    {
        if (!source.IsCancellationRequested)
        {
            ExitCode = exitCode;
            Reason = reason;
            source.Cancel();
        }
    }

    /// <summary>Routes Ctrl-C and SIGTERM to <see cref="Request"/> until disposed; a second Ctrl-C kills as usual.</summary>
    public IDisposable Listen()
    {
        if (!handleSignals)
        {
            return new Registrations([]);
        }

        void OnCancelKey(object? sender, ConsoleCancelEventArgs e)
        {
            // The first press asks for a checkpoint; a second one means "now", so let the runtime end the process.
            e.Cancel = !source.IsCancellationRequested;
            Request(ExitCodes.Interrupted, "Ctrl-C");
        }

        Console.CancelKeyPress += OnCancelKey;
        var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Request(ExitCodes.Terminated, "SIGTERM");
        });
        return new Registrations([term, new Unsubscribe(() => Console.CancelKeyPress -= OnCancelKey)]);
    }

    public void Dispose() => source.Dispose();

    private sealed class Registrations(IDisposable[] parts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var p in parts)
            {
                p.Dispose();
            }
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
