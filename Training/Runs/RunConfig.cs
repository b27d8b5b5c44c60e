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

    public static RunConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new RunSetupException($"{path}: not found; is this a run directory?");
        }

        try
        {
            return JsonSerializer.Deserialize<RunConfig>(File.ReadAllText(path), Json)
                ?? throw new RunSetupException($"{path}: empty run configuration");
        }
        catch (JsonException e)
        {
            throw new RunSetupException($"{path}: malformed run configuration ({e.Message})");
        }
    }
}
