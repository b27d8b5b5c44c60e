using Ssgan.Models;
using Ssgan.Training.Runs;

namespace Ssgan.Cli;

/// <summary>What evaluate and classify need of a discriminator beyond a well-formed file: MNIST's ten classes.</summary>
internal static class ModelChecks
{
    public const int MnistClasses = 10;

    /// <summary>Loads the classifier (sizes, shapes and finite weights checked) and refuses one without 10 classes (exit 4).</summary>
    public static Discriminator LoadMnistClassifier(string path)
    {
        var discriminator = ModelFiles.LoadDiscriminator(path);
        if (discriminator.Config.Classes != MnistClasses)
        {
            throw new CliException(ExitCodes.Checkpoint, $"{path}: the model has {discriminator.Config.Classes} classes; MNIST digits need {MnistClasses}");
        }

        return discriminator;
    }
}
