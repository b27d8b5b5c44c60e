using System.Collections.Concurrent;
using SkiaSharp;
using Ssgan.Cli.Commands;
using Ssgan.Cli.Imaging;
using Ssgan.Engine.Autograd;
using Ssgan.Models;
using Ssgan.Training.Data;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Cli.Serve;

/// <summary>The confusion matrix of a checkpoint on the bundled test set, with its accuracy.</summary>
internal sealed record Confusion(string Checkpoint, string Weights, double Accuracy, int Images, int[] Counts);

/// <summary>The ten class probabilities of a drawing and the digit they pick.</summary>
internal sealed record Prediction(string Checkpoint, string Weights, int Digit, double[] Probabilities);

/// <summary>
/// The engine work behind the page: each run's latest classifier (averaged weights when the checkpoint has them,
/// as classify's default) and its confusion matrix, cached per checkpoint file so a poll costs nothing until a
/// new checkpoint appears. One model call at a time: the engine's arenas are per thread and the machine is shared.
/// </summary>
internal sealed class ModelService(Func<MnistDataset> loadTestData)
{
    private readonly Lazy<MnistDataset> data = new(loadTestData);
    private readonly ConcurrentDictionary<string, Discriminator> models = new();
    private readonly ConcurrentDictionary<string, Confusion> confusions = new();
    private readonly Lock engine = new();

    /// <summary>Largest drawing accepted; a canvas PNG is a few kilobytes.</summary>
    public const int MaxImageBytes = 4 << 20;

    private const int MaxCached = 16;

    public Confusion ConfusionOf(string runDirectory)
    {
        var (path, key) = Latest(runDirectory);
        if (confusions.Count > MaxCached && !confusions.ContainsKey(key))
        {
            confusions.Clear();
        }

        return confusions.GetOrAdd(key, _ =>
        {
            lock (engine)
            {
                var test = data.Value.Test;
                var predictions = Evaluation.Predict(Model(path, key), test);
                var counts = Evaluation.ConfusionMatrix(predictions, test.Labels, 10);
                return new Confusion(CheckpointName(path), WeightsName(path), Evaluation.Accuracy(predictions, test.Labels), test.Count, counts);
            }
        });
    }

    /// <summary>Runs the image through classify's preprocessing; a blank or undecodable one throws a <see cref="CliException"/> (exit code 8).</summary>
    public Prediction Predict(string runDirectory, byte[] image)
    {
        var (path, key) = Latest(runDirectory);
        using var bitmap = SKBitmap.Decode(image)
            ?? throw new CliException(ExitCodes.Image, "drawing: cannot be decoded as an image (PNG expected)");
        if ((long)bitmap.Width * bitmap.Height > MnistPreprocessing.MaxPixels)
        {
            throw new CliException(ExitCodes.Image, $"drawing: image is {bitmap.Width}×{bitmap.Height}, too large");
        }

        var pixels = MnistPreprocessing.FromBitmap(bitmap, "drawing");
        lock (engine)
        {
            var model = Model(path, key);
            if (model.Config.ImageSize != MnistPreprocessing.Size)
            {
                throw new CliException(ExitCodes.Checkpoint, $"{path}: model takes {model.Config.ImageSize}×{model.Config.ImageSize} images, the drawing is prepared as {MnistPreprocessing.Size}×{MnistPreprocessing.Size}");
            }

            var x = new Tensor([1, 1, MnistPreprocessing.Size, MnistPreprocessing.Size]);
            pixels.CopyTo(x.Data, 0);
            var p = ClassifyCommand.Predict(model, x, 1)[0];
            return new Prediction(CheckpointName(path), WeightsName(path), Array.IndexOf(p, p.Max()), p);
        }
    }

    /// <summary>The classifier file of the run's latest checkpoint and a key that changes when it is replaced.</summary>
    private static (string Path, string Key) Latest(string runDirectory)
    {
        var path = ModelLocator.ResolveClassifier(runDirectory, "averaged");
        return (path, $"{path}|{File.GetLastWriteTimeUtc(path).Ticks}");
    }

    private Discriminator Model(string path, string key)
    {
        // Every new checkpoint adds a key; forgetting them all now and then bounds memory over a long session.
        if (models.Count > MaxCached && !models.ContainsKey(key))
        {
            models.Clear();
        }

        return models.GetOrAdd(key, _ => ModelFiles.LoadDiscriminator(path));
    }

    private static string CheckpointName(string path) => Path.GetFileName(Path.GetDirectoryName(path)) ?? "";

    private static string WeightsName(string path) =>
        Path.GetFileName(path) == ModelFiles.AveragedDiscriminatorFile ? "averaged" : "raw";
}
