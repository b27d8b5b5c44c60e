using Ssgan.Models;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Runs;

namespace Ssgan.Cli;

/// <summary>
/// Loads the models `ssgan export` writes, refusing a file of the other kind (a generator given as the classifier)
/// by its metadata "model" or, for files without it, by its tensor names; and checking the sizes in the metadata
/// against the tensors actually in the file (the widest ones, width² weights included) before a model of those
/// sizes is allocated, so the file's own size bounds the allocation.
/// </summary>
internal static class ExportSources
{
    public static Discriminator LoadClassifier(string path)
    {
        var file = Read(path, "discriminator", "conv1.weight", "the classifier");
        var config = ModelFiles.ReadConfig(file);
        CheckShape(file, "fc.weight", [config.Classes, config.Width * config.DiscriminatorFeatureSize * config.DiscriminatorFeatureSize]);
        CheckShape(file, $"conv{config.DiscriminatorConvs}.weight", [config.Width, config.DiscriminatorConvs == 1 ? 1 : config.Width, 3, 3]);
        var model = new Discriminator(config, new Engine.Rng(0));
        ModelFiles.Load(file, model);
        return model;
    }

    public static Generator LoadGenerator(string path)
    {
        var file = Read(path, "generator", "up1.weight", "the generator");
        var config = ModelFiles.ReadConfig(file);
        var side = config.ImageSize / 4;
        CheckShape(file, "fc.weight", [config.Width * side * side, config.LatentSize]);
        CheckShape(file, "up1.weight", [config.Width, config.Width, 4, 4]);
        var model = new Generator(config, new Engine.Rng(0));
        ModelFiles.Load(file, model);
        return model;
    }

    private static SafetensorsFile Read(string path, string kind, string telltale, string role)
    {
        var file = Safetensors.Read(path);
        var declared = file.Metadata.TryGetValue("model", out var k) ? k : null;
        var matches = declared is null ? file.ByName.ContainsKey(telltale) : declared.StartsWith(kind, StringComparison.Ordinal);
        if (!matches)
        {
            var what = declared is null ? $"has no {telltale}" : $"holds a {declared} (metadata \"model\")";
            throw new CliException(ExitCodes.Checkpoint, $"{path}: {what}, not a {kind}; give {role} as {(kind == "generator" ? ModelFiles.GeneratorFile : ModelFiles.DiscriminatorFile)} or its run/checkpoint directory");
        }

        return file;
    }

    private static void CheckShape(SafetensorsFile file, string name, int[] expected)
    {
        if (!file.ByName.TryGetValue(name, out var tensor) || !tensor.Shape.SequenceEqual(expected))
        {
            var actual = tensor is null ? "missing" : $"[{string.Join(", ", tensor.Shape)}]";
            throw new CliException(ExitCodes.Checkpoint, $"{file.Path}: {name} is {actual}, but the sizes in its metadata need [{string.Join(", ", expected)}]");
        }
    }
}
