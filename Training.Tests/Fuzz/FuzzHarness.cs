using System.Buffers;

namespace Ssgan.Training.Tests.Fuzz;

/// <summary>How one read of one fuzzed file ended.</summary>
internal enum FuzzVerdict
{
    /// <summary>The reader returned a result that passed the consistency check.</summary>
    Loaded,

    /// <summary>The reader threw the format exception it documents, with a one-line message naming the file.</summary>
    Rejected,

    /// <summary>Anything else: another exception type, a bad message, an inconsistent result, or too much memory.</summary>
    Failed,
}

/// <summary>The outcome of one probe; <see cref="Detail"/> is the exception message or the failure reason.</summary>
internal readonly record struct FuzzResult(FuzzVerdict Verdict, string Detail, long AllocatedBytes);

/// <summary>
/// Runs one reader on one file and classifies what happened. Kept separate from mutation so the classification can
/// be tested against deliberately broken fake readers (see FuzzHarnessTests): a harness that cannot fail proves nothing.
/// </summary>
internal static class FuzzHarness
{
    // The same characters string.ReplaceLineEndings treats as line breaks: any of them splits a console line.
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\f\u0085\u2028\u2029");

    /// <param name="path">The file to read; its name must start any rejection message.</param>
    /// <param name="read">The reader under test. Only this call is counted against <paramref name="allocationBound"/>.</param>
    /// <param name="check">Returns null when a loaded result is self-consistent, otherwise what is wrong with it.</param>
    /// <param name="allocationBound">Most managed bytes the read may allocate on this thread, whatever its outcome.</param>
    public static FuzzResult Probe<TResult, TException>(
        string path, Func<string, TResult> read, Func<string, TResult, string?> check, long allocationBound)
        where TException : Exception
    {
        TResult? result = default;
        Exception? error = null;
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            result = read(path);
        }
        catch (Exception ex)
        {
            // Deliberately broad: catching only TException would let every other type escape as a crash
            // of the whole campaign instead of a reproducible, reported case.
            error = ex;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var verdict = Classify<TResult, TException>(path, result, error, check);
        if (allocated > allocationBound)
        {
            return new FuzzResult(FuzzVerdict.Failed, $"allocated {allocated} bytes, over the {allocationBound}-byte bound ({verdict.Detail})", allocated);
        }

        return verdict with { AllocatedBytes = allocated };
    }

    private static FuzzResult Classify<TResult, TException>(string path, TResult? result, Exception? error, Func<string, TResult, string?> check)
        where TException : Exception
    {
        if (error is null)
        {
            var problem = check(path, result!);
            return problem is null
                ? new FuzzResult(FuzzVerdict.Loaded, "loaded", 0)
                : new FuzzResult(FuzzVerdict.Failed, $"loaded but inconsistent: {problem}", 0);
        }

        if (error is not TException)
        {
            return new FuzzResult(FuzzVerdict.Failed, $"{error.GetType().FullName} escaped: {OneLine(error.Message)} {TopFrame(error)}", 0);
        }

        var message = error.Message;
        var prefix = Path.GetFileName(path) + ": ";
        if (message.AsSpan().IndexOfAny(LineBreaks) >= 0)
        {
            return new FuzzResult(FuzzVerdict.Failed, $"{typeof(TException).Name} message spans lines: {OneLine(message)}", 0);
        }

        // The file may be named as given (a full path, as the CLI does) or by its name alone (as the data readers do).
        if (message.StartsWith(path + ": ", StringComparison.Ordinal))
        {
            prefix = path + ": ";
        }

        if (!message.StartsWith(prefix, StringComparison.Ordinal) || message.Length == prefix.Length)
        {
            return new FuzzResult(FuzzVerdict.Failed, $"{typeof(TException).Name} message does not start with '{prefix}' and a reason: {message}", 0);
        }

        return new FuzzResult(FuzzVerdict.Rejected, message, 0);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ⏎ ");

    private static string TopFrame(Exception error) =>
        error.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no stack)";
}
