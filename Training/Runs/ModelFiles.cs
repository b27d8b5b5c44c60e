using Ssgan.Engine.Nn;
using Ssgan.Models;
using Ssgan.Training.Checkpoints;

namespace Ssgan.Training.Runs;

/// <summary>
/// A model's weights as safetensors with PyTorch's names and layouts (conv1.weight [out, in, kh, kw],
/// up1.weight [in, out, kh, kw], fc.weight [out, in], biases [out]), plus the sizes needed to rebuild it.
/// </summary>
public static class ModelFiles
{
    public const string DiscriminatorFile = "discriminator.safetensors";
    public const string GeneratorFile = "generator.safetensors";

    /// <summary>The moving average of the discriminator's weights (runs with --ema), same names and layouts.</summary>
    public const string AveragedDiscriminatorFile = "discriminator-ema.safetensors";

    public static void Save(string path, Module model, ModelConfig config, string kind)
    {
        var entries = new List<SafetensorsEntry>();
        foreach (var (name, p) in model.NamedParameters())
        {
            entries.Add(SafetensorsEntry.F32(name, p.Shape, p.Data));
        }

        // Beside v and g, the effective weight w = g·v/‖v‖ under the plain name, so an nn.Linear stack loads it.
        if (model is Discriminator { Layers: var dl })
        {
            AddEffectiveWeights(entries, dl);
        }
        else if (model is Generator { Layers: var gl })
        {
            AddEffectiveWeights(entries, gl);
        }

        Safetensors.Write(path, entries, new Dictionary<string, string>
        {
            ["format"] = "ssgan",
            ["architecture"] = config.Architecture,
            ["model"] = kind,
            ["image_size"] = config.ImageSize.ToString(),
            ["classes"] = config.Classes.ToString(),
            ["latent_size"] = config.LatentSize.ToString(),
            ["width"] = config.Width.ToString(),
            ["leaky_slope"] = config.LeakySlope.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["discriminator_convs"] = config.DiscriminatorConvs.ToString(),
            ["dropout"] = config.Dropout.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static void AddEffectiveWeights(List<SafetensorsEntry> entries, Sequential layers)
    {
        foreach (var (name, layer) in layers.Layers)
        {
            if (layer is WeightNormDense wn)
            {
                entries.Add(SafetensorsEntry.F32($"{name}.weight", wn.V.Shape, wn.EffectiveWeight()));
            }
        }
    }

    /// <summary>Reads the sizes a file was saved with, so a model of the right shape can be built before loading.</summary>
    public static ModelConfig ReadConfig(SafetensorsFile file)
    {
        int Get(string key, int fallback) =>
            file.Metadata.TryGetValue(key, out var v) && int.TryParse(v, out var i) && i > 0 ? i : fallback;
        // Files written before the conv count was recorded hold conv1…convN only: count them.
        var convs = 0;
        while (file.ByName.ContainsKey($"conv{convs + 1}.weight"))
        {
            convs++;
        }

        return new ModelConfig
        {
            Architecture = file.Metadata.TryGetValue("architecture", out var a) ? a : ModelConfig.Conv,
            ImageSize = Get("image_size", 28),
            Classes = Get("classes", 10),
            LatentSize = Get("latent_size", 100),
            Width = Get("width", 128),
            DiscriminatorConvs = Get("discriminator_convs", convs > 0 ? convs : 3),
        };
    }

    /// <summary>Copies every parameter from the file, checking names and shapes (a one-line error names the first mismatch).</summary>
    public static void Load(SafetensorsFile file, Module model)
    {
        foreach (var (name, p) in model.NamedParameters())
        {
            var data = file.GetFloats(name, p.Shape);
            data.CopyTo(p.Data, 0);
        }
    }

    public static Discriminator LoadDiscriminator(string path)
    {
        var file = Safetensors.Read(path);
        var d = new Discriminator(ReadConfig(file), new Engine.Rng(0));
        Load(file, d);
        return d;
    }

    public static Generator LoadGenerator(string path)
    {
        var file = Safetensors.Read(path);
        var g = new Generator(ReadConfig(file), new Engine.Rng(0));
        Load(file, g);
        return g;
    }
}
