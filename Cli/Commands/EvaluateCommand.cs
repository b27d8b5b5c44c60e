using System.CommandLine;
using System.Text;
using System.Text.Json;
using Ssgan.Training.Pictures;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan evaluate`: test accuracy, per-class accuracy and the confusion matrix of a trained classifier.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliSession session, GlobalOptions global)
    {
        var model = new Argument<string>("MODEL")
        {
            Description = "A run directory (its latest checkpoint), a checkpoint directory, or a discriminator.safetensors file.",
        };
        var data = GlobalOptions.Data();
        var weights = GlobalOptions.Weights();
        var json = GlobalOptions.Json("the results");
        var output = new Option<string?>("--out")
        {
            Description = "Also write the confusion matrix as a PNG to FILE. Without it evaluate writes no file (with --json or without).",
            HelpName = "FILE",
        };
        var mistakes = new Option<string?>("--mistakes")
        {
            Description = "Also write the misclassified test images as a PNG to FILE, grouped by confusion (true→predicted), the most frequent first, up to 100.",
            HelpName = "FILE",
        };
        var command = new Command("evaluate", "Classify the 10,000 MNIST test images: accuracy, per-class accuracy, a 10×10 confusion matrix as text and as a PNG.")
        {
            model, data, json, output, mistakes, weights,
        };
        command.SetAction(p =>
        {
            BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
            var path = ModelLocator.ResolveClassifier(p.GetValue(model)!, p.GetValue(weights)!);
            var discriminator = ModelChecks.LoadMnistClassifier(path);
            var test = session.LoadData(p.GetValue(data)).Test;
            var predictions = Evaluation.Predict(discriminator, test);
            var classes = discriminator.Config.Classes;
            var counts = Evaluation.ConfusionMatrix(predictions, test.Labels, classes);
            var accuracy = Evaluation.Accuracy(predictions, test.Labels);
            var png = p.GetValue(output);
            if (png is not null)
            {
                ConfusionMatrixImage.Save(png, counts, classes, "Test set confusion matrix");
            }

            if (p.GetValue(mistakes) is { } mistakesPng)
            {
                var title = MistakeGrid.Save(mistakesPng, test, predictions);
                session.Error.WriteLine($"mistakes ({title}): {mistakesPng}");
            }

            session.Out.Write(p.GetValue(json) ? Json(path, png, accuracy, counts, classes) : Text(path, png, accuracy, counts, classes));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Per class: correct / images of that class (the diagonal over the row sum).</summary>
    public static double[] PerClass(int[] counts, int classes)
    {
        var result = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            var row = counts.AsSpan(c * classes, classes);
            var total = 0;
            foreach (var n in row)
            {
                total += n;
            }

            result[c] = total == 0 ? double.NaN : (double)row[c] / total;
        }

        return result;
    }

    private static string Text(string model, string? png, double accuracy, int[] counts, int classes)
    {
        var text = new StringBuilder();
        text.AppendLine($"model: {model}");
        text.AppendLine($"test accuracy: {accuracy:P2} ({CorrectCount(counts, classes)}/{counts.Sum()})");
        text.AppendLine("per-class accuracy:");
        var perClass = PerClass(counts, classes);
        for (var c = 0; c < classes; c++)
        {
            text.AppendLine($"  {c}: {perClass[c]:P2}");
        }

        text.AppendLine("confusion matrix (rows: true digit, columns: predicted):");
        text.AppendLine("      " + string.Concat(Enumerable.Range(0, classes).Select(c => $"{c,6}")));
        for (var t = 0; t < classes; t++)
        {
            text.AppendLine($"  {t,2}  " + string.Concat(counts.Skip(t * classes).Take(classes).Select(n => $"{n,6}")));
        }

        if (png is not null)
        {
            text.AppendLine($"confusion matrix image: {png}");
        }

        return text.ToString();
    }

    private static int CorrectCount(int[] counts, int classes) => Enumerable.Range(0, classes).Sum(c => counts[(c * classes) + c]);

    private static string Json(string model, string? png, double accuracy, int[] counts, int classes)
    {
        var matrix = Enumerable.Range(0, classes).Select(t => counts.Skip(t * classes).Take(classes).ToArray()).ToArray();
        var doc = new { model, test_accuracy = accuracy, per_class_accuracy = PerClass(counts, classes), confusion_matrix = matrix, image = png };
        return JsonSerializer.Serialize(doc, RunConfig.Json) + "\n";
    }
}
