using System.Globalization;

namespace Ssgan.Cli.Serve;

/// <summary>
/// The plotted columns of metrics.csv, read while another process may be appending to it: only complete lines
/// count, and a reader that already holds some rows asks for the rest from <c>from</c>.
/// </summary>
internal static class MetricsTable
{
    /// <summary>The columns sent to the page, in this order (step first); older runs lack the last one.</summary>
    public static readonly string[] Columns =
        ["step", "supervised_loss", "real_loss", "fake_loss", "generator_loss", "test_accuracy", "test_accuracy_ema"];

    public const int TestAccuracy = 5, AveragedAccuracy = 6;

    /// <param name="path">metrics.csv (missing: no rows yet).</param>
    /// <param name="from">Rows the caller already has.</param>
    /// <param name="lastStep">The step of the caller's last row; when the file no longer has it there (a resume rewrote it), everything is sent again.</param>
    public static (List<double?[]> Rows, bool Reset, int Total) Read(string path, int from, double? lastStep = null)
    {
        if (!File.Exists(path))
        {
            return ([], from > 0, 0);
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        // The writer flushes whole lines, but a read can still land between a line's bytes and its newline.
        var end = text.LastIndexOf('\n');
        var lines = end < 0 ? [] : text[..end].Split('\n');
        if (lines.Length == 0)
        {
            return ([], from > 0, 0);
        }

        var index = HeaderIndexes(lines[0]);
        var total = lines.Length - 1;
        var reset = from > total || (from > 0 && lastStep is { } s && Parse(lines[from].Split(','), index[0]) != s);
        var start = reset ? 0 : from;
        var rows = new List<double?[]>(total - start);
        for (var i = start + 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            rows.Add(Array.ConvertAll(index, c => Parse(cells, c)));
        }

        return (rows, reset, total);
    }

    /// <summary>
    /// The rows in the last <paramref name="maxBytes"/> of the file: enough for the runs list (steps done and the
    /// latest evaluation, which comes at least once an epoch) without parsing a long run's whole log every poll.
    /// </summary>
    public static List<double?[]> Tail(string path, int maxBytes = 256 * 1024)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var head = ReadText(stream, 0, (int)Math.Min(stream.Length, 4096));
        var headerEnd = head.IndexOf('\n');
        if (headerEnd < 0)
        {
            return [];
        }

        var index = HeaderIndexes(head[..headerEnd]);
        var bodyStart = System.Text.Encoding.UTF8.GetByteCount(head[..(headerEnd + 1)]);
        var start = Math.Max(bodyStart, stream.Length - maxBytes);
        var text = ReadText(stream, start, (int)(stream.Length - start));
        if (start > bodyStart)
        {
            // Started inside a line: drop its remainder.
            text = text[(text.IndexOf('\n') + 1)..];
        }

        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return [];
        }

        return [.. text[..end].Split('\n').Select(line =>
        {
            var cells = line.Split(',');
            return Array.ConvertAll(index, c => Parse(cells, c));
        })];
    }

    private static string ReadText(FileStream stream, long offset, int count)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer);
    }

    private static int[] HeaderIndexes(string header)
    {
        var names = header.Trim().Split(',');
        return Array.ConvertAll(Columns, c => Array.IndexOf(names, c));
    }

    private static double? Parse(string[] cells, int column) =>
        column >= 0 && column < cells.Length && double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : null;
}
