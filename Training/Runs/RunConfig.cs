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

        try
        {
            var text = File.ReadAllText(path);
            var config = JsonSerializer.Deserialize<RunConfig>(text, Json)
                ?? throw new RunSetupException($"{path}: empty run configuration");
            return IsFromBeforeThirdConv(text) ? config with { Training = config.Training with { DiscriminatorConvs = 2, Dropout = 0 } } : config;
        }
        catch (JsonException e)
        {
            throw new RunSetupException($"{path}: malformed run configuration ({e.Message})");
        }
    }
}
