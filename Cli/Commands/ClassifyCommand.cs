using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ssgan.Cli.Imaging;
using Ssgan.Engine.Autograd;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan classify`: the digit in each of the user's own images, with the class probabilities.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CliSession session, GlobalOptions global)
    {
        var model = new Argument<string>("CHECKPOINT")
        {
            Description = "A run directory (its latest checkpoint), a checkpoint directory, or a discriminator.safetensors file.",
        };
        var images = new Argument<string[]>("IMAGE")
        {
            Description = "PNG or JPEG files, any size, one digit each, dark on light or light on dark.",
            Arity = ArgumentArity.OneOrMore,
        };
        var weights = GlobalOptions.Weights();
        var json = GlobalOptions.Json("a JSON array of {image, digit, probabilities}");
        var command = new Command(
            "classify",
            "Predict the digit in each image. Every image is first made to look like MNIST: converted to grey; inverted if "
            + "the background is light (mean > 127) so the digit is white on black; cropped to the bounding box of ink; the "
            + "longer side scaled to 20 px keeping the aspect ratio; pasted into 28×28 centred by centre of mass; scaled to "
            + "[−1, 1]. Prints the predicted digit and the 10 class probabilities (softmax of the logits).")
        {
            model, images, json, weights,
        };
        command.SetAction(p =>
        {
            BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
            var path = ModelLocator.ResolveClassifier(p.GetValue(model)!, p.GetValue(weights)!);
            var discriminator = ModelChecks.LoadMnistClassifier(path);
            if (discriminator.Config.ImageSize != MnistPreprocessing.Size)
            {
                throw new CliException(ExitCodes.Checkpoint, $"{path}: model takes {discriminator.Config.ImageSize}×{discriminator.Config.ImageSize} images, classify prepares {MnistPreprocessing.Size}×{MnistPreprocessing.Size}");
            }

            // Decode everything before the forward pass so a bad file is reported without partial output.
            var files = p.GetValue(images)!;
            var pixels = MnistPreprocessing.Size * MnistPreprocessing.Size;
            var x = new Tensor([files.Length, 1, MnistPreprocessing.Size, MnistPreprocessing.Size]);
            for (var i = 0; i < files.Length; i++)
            {
                MnistPreprocessing.FromFile(files[i]).CopyTo(x.Data, i * pixels);
            }

            var probabilities = Predict(discriminator, x, files.Length);
            session.Out.Write(p.GetValue(json) ? Json(files, probabilities) : Text(files, probabilities));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Softmax of the supervised head's logits, one row per image.</summary>
    public static double[][] Predict(Models.Discriminator discriminator, Tensor images, int count)
    {
        using var arena = Arena.Begin();
        using var noGrad = Graph.NoGrad();
        var logits = discriminator.Forward(images);
        var classes = logits.Dim(1);
        var result = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var row = logits.Data.AsSpan(i * classes, classes);
            var max = row[Evaluation.ArgMax(row)];
            var exp = new double[classes];
            for (var c = 0; c < classes; c++)
            {
                exp[c] = Math.Exp(row[c] - max);
            }

            var sum = exp.Sum();
            result[i] = Array.ConvertAll(exp, e => e / sum);
        }

        return result;
    }

    private static string Text(string[] files, double[][] probabilities)
    {
        var lines = files.Select((f, i) =>
        {
            var p = probabilities[i];
            var digit = Array.IndexOf(p, p.Max());
            var all = string.Join(' ', p.Select((v, c) => string.Create(CultureInfo.InvariantCulture, $"{c}:{v:F3}")));
            return string.Create(CultureInfo.InvariantCulture, $"{f}: {digit} (p {p[digit]:F3})  [{all}]");
        });
        return string.Join('\n', lines) + "\n";
    }

    private static string Json(string[] files, double[][] probabilities)
    {
        var doc = files.Select((f, i) => new { image = f, digit = Array.IndexOf(probabilities[i], probabilities[i].Max()), probabilities = probabilities[i] });
        return JsonSerializer.Serialize(doc, RunConfig.Json) + "\n";
    }
}
