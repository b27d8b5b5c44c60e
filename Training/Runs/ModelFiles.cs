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
            ["generator_output"] = config.GeneratorOutput,
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

    /// <summary>
    /// Reads the sizes a file was saved with, each checked against its limit (<see cref="Limits"/>), so a model of the
    /// right shape can be built before loading; a missing size takes the tutorial's value.
    /// </summary>
    public static ModelConfig ReadConfig(SafetensorsFile file)
    {
        int Get(string key, int fallback, int min, int max)
        {
            if (!file.Metadata.TryGetValue(key, out var v))
            {
                return fallback;
            }

            if (!int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) || i < min || i > max)
            {
                throw CheckpointFormatException.For(file.Path, $"metadata {key} is '{v}', expected a whole number {min}–{max}");
            }

            return i;
        }

        // Files written before the conv count was recorded hold conv1…convN only: count them.
        var convs = 0;
        while (convs < 8 && file.ByName.ContainsKey($"conv{convs + 1}.weight"))
        {
            convs++;
        }

        var config = new ModelConfig
        {
            Architecture = file.Metadata.TryGetValue("architecture", out var a) ? a : ModelConfig.Conv,
            GeneratorOutput = file.Metadata.TryGetValue("generator_output", out var o) ? o : ModelConfig.Sigmoid,
            ImageSize = Get("image_size", 28, 4, Limits.MaxImageSize),
            Classes = Get("classes", 10, 2, Limits.MaxClasses),
            LatentSize = Get("latent_size", 100, 1, Limits.MaxLatent),
            Width = Get("width", 128, 1, Limits.MaxWidth),
            DiscriminatorConvs = Get("discriminator_convs", convs > 0 ? convs : 3, 1, 4),
        };
        try
        {
            config.Validate();
        }
        catch (ArgumentException e)
        {
            throw CheckpointFormatException.For(file.Path, $"metadata describes no buildable model ({e.Message})");
        }

        return config;
    }

    /// <summary>
    /// The parameter names and shapes a convolutional model of <paramref name="config"/> has, computed without
    /// building it (the MLP's sizes are bounded by the same limits; its shapes are checked as it loads).
    /// </summary>
    public static IEnumerable<(string Name, int[] Shape)> DiscriminatorShapes(ModelConfig config)
    {
        var (w, s) = (config.Width, config.DiscriminatorFeatureSize);
        for (var i = 1; i <= config.DiscriminatorConvs; i++)
        {
            yield return ($"conv{i}.weight", [w, i == 1 ? 1 : w, 3, 3]);
            yield return ($"conv{i}.bias", [w]);
        }

        yield return ("fc.weight", [config.Classes, w * s * s]);
        yield return ("fc.bias", [config.Classes]);
    }

    /// <inheritdoc cref="DiscriminatorShapes"/>
    public static IEnumerable<(string Name, int[] Shape)> GeneratorShapes(ModelConfig config)
    {
        var (w, s) = (config.Width, config.ImageSize / 4);
        return
        [
            ("fc.weight", [w * s * s, config.LatentSize]), ("fc.bias", [w * s * s]),
            ("up1.weight", [w, w, 4, 4]), ("up1.bias", [w]),
            ("up2.weight", [w, w, 4, 4]), ("up2.bias", [w]),
            ("out.weight", [1, w, 7, 7]), ("out.bias", [1]),
        ];
    }

    /// <summary>Checks the metadata agrees with every tensor's shape before a model is built from it.</summary>
    public static void CheckShapes(SafetensorsFile file, IEnumerable<(string Name, int[] Shape)> expected)
    {
        foreach (var (name, shape) in expected)
        {
            file.GetFloats(name, shape);
        }
    }

    /// <summary>A tensor's data, refused when any value is NaN or infinite.</summary>
    public static float[] FiniteFloats(SafetensorsFile file, string name, int[] shape)
    {
        var data = file.GetFloats(name, shape);
        if (HasNonFinite(data, out var bad))
        {
            throw CheckpointFormatException.For(file.Path, $"tensor '{name}' holds a non-finite value ({data[bad]}) at index {bad}; the model is broken");
        }

        return data;
    }

    private static bool HasNonFinite(float[] data, out int index)
    {
        for (index = 0; index < data.Length; index++)
        {
            if (!float.IsFinite(data[index]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies every parameter from the file, checking names, shapes and finiteness (a one-line error names the first problem).</summary>
    public static void Load(SafetensorsFile file, Module model)
    {
        foreach (var (name, p) in model.NamedParameters())
        {
            FiniteFloats(file, name, p.Shape).CopyTo(p.Data, 0);
        }
    }

    public static Discriminator LoadDiscriminator(string path)
    {
        var file = Safetensors.Read(path);
        var config = ReadConfig(file);
        if (config.Architecture == ModelConfig.Conv)
        {
            CheckShapes(file, DiscriminatorShapes(config));
        }

        var d = new Discriminator(config, new Engine.Rng(0));
        Load(file, d);
        return d;
    }

    public static Generator LoadGenerator(string path)
    {
        var file = Safetensors.Read(path);
        var config = ReadConfig(file);
        if (config.Architecture == ModelConfig.Conv)
        {
            CheckShapes(file, GeneratorShapes(config));
        }

        var g = new Generator(config, new Engine.Rng(0));
        Load(file, g);
        return g;
    }
}
