using System.Runtime.InteropServices;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Tests;

/// <summary>Copies of a tiny trained run to break in one way each, and the tools to break them.</summary>
internal static partial class RunFixtures
{
    /// <summary>Trains <see cref="CliHarness.TinyRun"/> into <paramref name="dir"/> (4 steps, checkpoints at 2 and 4).</summary>
    public static void Train(string dir)
    {
        var result = CliHarness.Run([.. CliHarness.TinyRun, "--out", dir]);
        Assert.AreEqual(ExitCodes.Success, result.ExitCode, result.ToString());
    }

    public static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }

        return to;
    }

    /// <summary>Every file under <paramref name="dir"/> with its bytes, to prove nothing changed.</summary>
    public static string[] Snapshot(string dir) =>
        [.. Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => f + "=" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))];

    public static string Checkpoint(string run, int step) => Path.Combine(new RunFiles(run).Checkpoints, $"step-{step:D6}");

    /// <summary>Rewrites one tensor of a safetensors file (valid file, changed values), keeping everything else.</summary>
    public static void RewriteTensor(string path, string name, Action<float[]>? floats = null, Action<long[]>? longs = null)
    {
        var file = Safetensors.Read(path);
        var entries = new List<SafetensorsEntry>();
        foreach (var t in file.Tensors)
        {
            if (t.Floats is { } f)
            {
                var copy = (float[])f.Clone();
                if (t.Name == name)
                {
                    floats?.Invoke(copy);
                }

                entries.Add(SafetensorsEntry.F32(t.Name, t.Shape, copy));
            }
            else
            {
                var copy = (long[])t.Int64s!.Clone();
                if (t.Name == name)
                {
                    longs?.Invoke(copy);
                }

                entries.Add(SafetensorsEntry.I64(t.Name, t.Shape, copy));
            }
        }

        Assert.IsTrue(file.ByName.ContainsKey(name), $"{path} has no {name}");
        Safetensors.Write(path, entries, file.Metadata);
    }

    /// <summary>Rewrites one metadata value of a safetensors file.</summary>
    public static void RewriteMetadata(string path, string key, string value)
    {
        var file = Safetensors.Read(path);
        var metadata = file.Metadata.ToDictionary(StringComparer.Ordinal);
        metadata[key] = value;
        Safetensors.Write(path, [.. file.Tensors.Select(t => t.Floats is { } f ? SafetensorsEntry.F32(t.Name, t.Shape, f) : SafetensorsEntry.I64(t.Name, t.Shape, t.Int64s!))], metadata);
    }

    /// <summary>A named pipe: opening it for reading blocks until a writer comes, which none will.</summary>
    public static string Fifo(string path)
    {
        Assert.AreEqual(0, MkFifo(path, 0x1B6), $"mkfifo {path}");
        return path;
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);
}
