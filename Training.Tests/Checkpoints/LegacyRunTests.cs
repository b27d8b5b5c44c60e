using System.Text.Json.Nodes;
using Ssgan.Engine;
using Ssgan.Models;
using Ssgan.Training.Checkpoints;
using Ssgan.Training.Runs;
using Ssgan.Training.Sgan;

namespace Ssgan.Training.Tests.Checkpoints;

/// <summary>Runs and model files from before the discriminator had the tutorial's third conv and dropout.</summary>
[TestClass]
public sealed class LegacyRunTests
{
    [TestMethod]
    public void ConfigWithoutTheDiscriminatorSettingsLoadsAsTwoConvsWithoutDropout()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        Config(new TrainingConfig { Seed = 7 }).Save(path);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var training = json["training"]!.AsObject();
        Assert.AreEqual(3, (int)training["discriminator_convs"]!, "new runs record the conv count");
        training.Remove("discriminator_convs");
        training.Remove("dropout");
        File.WriteAllText(path, json.ToJsonString());

        var legacy = RunConfig.Load(path).Training;

        Assert.AreEqual((2, 0f, 7UL), (legacy.DiscriminatorConvs, legacy.Dropout, legacy.Seed));
    }

    [TestMethod]
    public void NewConfigRoundTripsItsDiscriminatorSettings()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        Config(new TrainingConfig { DiscriminatorConvs = 4, Dropout = 0.25f }).Save(path);
        var loaded = RunConfig.Load(path).Training;
        Assert.AreEqual((4, 0.25f), (loaded.DiscriminatorConvs, loaded.Dropout));
    }

    [TestMethod]
    public void ModelFileWithoutTheConvCountIsRebuiltFromItsTensors()
    {
        using var dir = new TempDirectory();
        var path = dir.File("discriminator.safetensors");
        var config = new ModelConfig { Width = 4, DiscriminatorConvs = 2, Dropout = 0 };
        var d = new Discriminator(config, new Rng(1));
        Safetensors.Write(path, [.. d.NamedParameters().Select(p => SafetensorsEntry.F32(p.Name, p.Parameter.Shape, p.Parameter.Data))], new Dictionary<string, string> { ["width"] = "4" });

        var loaded = ModelFiles.LoadDiscriminator(path);

        Assert.AreEqual(2, loaded.Config.DiscriminatorConvs);
        CollectionAssert.AreEqual(d.Parameters().Last().Data, loaded.Parameters().Last().Data);
    }

    private static RunConfig Config(TrainingConfig training) => new()
    {
        Training = training,
        DataDirectory = "bundled",
        Provider = "managed",
        Threads = 1,
        BlasDescription = "test",
        Versions = new Dictionary<string, string>(),
        Machine = "test",
        Created = DateTimeOffset.UnixEpoch,
    };
}
