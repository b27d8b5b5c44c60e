using Google.Protobuf;
using Ssgan.Export.Onnx;
using Ssgan.Models;

namespace Ssgan.Export;

/// <summary>
/// Our models as ONNX files (opset 13, IR version 7) that ONNX Runtime, onnx.checker and other runtimes read:
/// the discriminator as a classifier (images → logits and softmax probabilities) and the generator
/// (latent points → images). The batch dimension is symbolic ("N").
/// </summary>
public static class OnnxExporter
{
    public const int Opset = 13;
    public const long IrVersion = 7;

    public const string ImagesInput = "images";
    public const string LogitsOutput = "logits";
    public const string ProbabilitiesOutput = "probabilities";
    public const string LatentInput = "latent";

    /// <summary>images [N, 1, S, S] in [−1, 1] → logits [N, classes] and probabilities = Softmax(logits) [N, classes].</summary>
    /// <param name="metadata">Written as the model's metadata_props (e.g. where the weights came from).</param>
    public static byte[] Classifier(Discriminator discriminator, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var config = discriminator.Config;
        var graph = new OnnxGraph("ssgan_classifier");
        graph.Input(ImagesInput, 1, config.ImageSize, config.ImageSize);
        var features = SequentialToOnnx.Append(graph, discriminator.Layers, ImagesInput, [1, 1, config.ImageSize, config.ImageSize]);
        graph.Node("Identity", [features], LogitsOutput);
        graph.Node("Softmax", [LogitsOutput], ProbabilitiesOutput, OnnxGraph.Int("axis", 1));
        graph.Output(LogitsOutput, config.Classes);
        graph.Output(ProbabilitiesOutput, config.Classes);
        return Model(graph, "SSGAN discriminator as a classifier: images [N,1,28,28] in [-1,1] -> logits, probabilities", metadata);
    }

    /// <summary>latent [N, latent] (standard normal) → images [N, 1, S, S] in (−1, 1).</summary>
    public static byte[] Generator(Generator generator, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var config = generator.Config;
        var graph = new OnnxGraph("ssgan_generator");
        graph.Input(LatentInput, config.LatentSize);
        var output = SequentialToOnnx.Append(graph, generator.Layers, LatentInput, [1, config.LatentSize]);
        graph.Node("Identity", [output], ImagesInput);
        graph.Output(ImagesInput, 1, config.ImageSize, config.ImageSize);
        return Model(graph, "SSGAN generator: latent [N,100] standard normal -> images [N,1,28,28] in (-1,1)", metadata);
    }

    private static byte[] Model(OnnxGraph graph, string doc, IReadOnlyDictionary<string, string>? metadata)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this exporter copies weights as they are in memory");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "ssgan",
            DocString = doc,
            Graph = graph.Proto,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model.ToByteArray();
    }
}
