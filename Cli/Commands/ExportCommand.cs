using System.CommandLine;
using Ssgan.Export;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan export`: the classifier (and optionally the generator) as ONNX files for other runtimes.</summary>
internal static class ExportCommand
{
    public static Command Create(CliSession session)
    {
        var model = new Argument<string>("MODEL")
        {
            Description = "A run directory (its latest checkpoint), a checkpoint directory, or a discriminator.safetensors file.",
        };
        var onnx = new Option<string>("--onnx")
        {
            Description = "ONNX file for the classifier: input images [N,1,28,28] in [-1,1], outputs logits and probabilities [N,10].",
            HelpName = "FILE",
            Required = true,
        };
        var generator = new Option<string?>("--generator")
        {
            Description = $"Also write the generator of the same checkpoint ({ModelFiles.GeneratorFile} beside the classifier) to this ONNX file: input latent [N,100], output images [N,1,28,28].",
            HelpName = "FILE",
        };
        var weights = GlobalOptions.Weights();
        var command = new Command("export", "Write the trained classifier (and with --generator the generator) as ONNX (opset 13) for ONNX Runtime and other runtimes.")
        {
            model, onnx, generator, weights,
        };
        command.SetAction(p =>
        {
            var classifierOut = p.GetValue(onnx)!;
            var generatorOut = p.GetValue(generator);
            if (generatorOut is not null && Path.GetFullPath(generatorOut) == Path.GetFullPath(classifierOut))
            {
                throw new ArgumentException($"--onnx and --generator name the same file ({classifierOut})");
            }

            var source = ModelLocator.ResolveClassifier(p.GetValue(model)!, p.GetValue(weights)!);
            var classifier = ExportSources.LoadClassifier(source);
            var files = new List<(string Path, byte[] Bytes, string Source)>
            {
                (classifierOut, OnnxExporter.Classifier(classifier, Metadata(source)), source),
            };
            if (generatorOut is not null)
            {
                var generatorSource = Path.Combine(Path.GetDirectoryName(source) ?? "", ModelFiles.GeneratorFile);
                if (!File.Exists(generatorSource))
                {
                    throw new CliException(ExitCodes.Checkpoint, $"{generatorSource}: no generator beside the classifier {source} (--generator exports the same checkpoint's)");
                }

                files.Add((generatorOut, OnnxExporter.Generator(ExportSources.LoadGenerator(generatorSource), Metadata(generatorSource)), generatorSource));
            }

            foreach (var (path, bytes, from) in files)
            {
                Write(path, bytes);
                session.Out.WriteLine($"wrote {path} ({bytes.Length:N0} bytes) from {from}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Dictionary<string, string> Metadata(string source) => new() { ["source"] = Path.GetFileName(source) };

    /// <summary>Through a temporary file and a rename, so a failed export never leaves half a model behind.</summary>
    private static void Write(string path, byte[] bytes)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        try
        {
            if (Directory.Exists(full))
            {
                throw new IOException("is a directory");
            }

            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new CliException(ExitCodes.OutputDirectory, $"{path}: cannot write the ONNX file ({ErrorReport.OneLine(e.Message)})");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: the error being reported is the write that failed.
        }
    }
}
