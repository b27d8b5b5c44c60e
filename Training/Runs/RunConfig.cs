using System.Text.Json;
using System.Text.Json.Serialization;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Runs;

/// <summary>config.json: every setting of a run, where it ran, and the labelled subset it drew.</summary>
public sealed record RunConfig
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public required TrainingConfig Training { get; init; }

    public required string DataDirectory { get; init; }

    public required string Provider { get; init; }

    public required int Threads { get; init; }

    public required string BlasDescription { get; init; }

    public required IReadOnlyDictionary<string, string> Versions { get; init; }

    public required string Machine { get; init; }

    public required DateTimeOffset Created { get; init; }

    public int[] LabelledIndices { get; init; } = [];

    public int[] LabelledClasses { get; init; } = [];

    /// <summary>SHA-256 of the four decompressed IDX files by base name; null in runs made before it was recorded.</summary>
    public IReadOnlyDictionary<string, string>? DataSha256 { get; init; }

    /// <summary>Largest config.json read (a real one is a few KB plus the labelled indices).</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    public void Save(string path) => TrainerCheckpoint.WriteAtomically(path, JsonSerializer.Serialize(this, Json));

    /// <summary>
    /// Runs made before the discriminator followed the tutorial's three convs and dropout recorded neither setting;
    /// they were trained with two convs and no dropout and must resume as such.
    /// </summary>
    private static bool IsFromBeforeThirdConv(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("training", out var training)
            && training.ValueKind == JsonValueKind.Object
            && !training.TryGetProperty("discriminator_convs", out _);
    }

    public static RunConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new RunSetupException($"{path}: not found; is this a run directory?");
        }

        IO.RegularFile.Require(path, problem => new RunSetupException(problem));
        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new RunSetupException($"{path}: {new FileInfo(path).Length} bytes, more than the {MaxBytes} a run configuration may have");
        }

        RunConfig config;
        try
        {
            var text = File.ReadAllText(path);
            config = JsonSerializer.Deserialize<RunConfig>(text, Json)
                ?? throw new RunSetupException($"{path}: empty run configuration");
            if (config.Training is null)
            {
                throw new RunSetupException($"{path}: \"training\" is missing or null");
            }

            config = IsFromBeforeThirdConv(text) ? config with { Training = config.Training with { DiscriminatorConvs = 2, Dropout = 0 } } : config;
        }
        catch (JsonException e)
        {
            throw new RunSetupException($"{path}: malformed run configuration ({e.Message})");
        }

        try
        {
            config.Training.Validate();
        }
        catch (ArgumentException e)
        {
            throw new RunSetupException($"{path}: invalid training settings ({e.Message})");
        }

        if (config.Threads is < 0 or > 4096)
        {
            throw new RunSetupException($"{path}: threads is {config.Threads}, outside 0–4096");
        }

        return config;
    }
}
