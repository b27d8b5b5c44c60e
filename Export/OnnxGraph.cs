using System.Runtime.InteropServices;
using Google.Protobuf;
using Ssgan.Export.Onnx;

namespace Ssgan.Export;

/// <summary>
/// Collects the nodes, weights and inputs/outputs of one ONNX graph; names are the PyTorch parameter names, so a
/// reader of the file can match every initializer with our safetensors checkpoints.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    /// <summary>The symbolic batch dimension of every input and output.</summary>
    public const string Batch = "N";

    private readonly GraphProto graph = new() { Name = name };
    private int nodes;

    public GraphProto Proto => graph;

    public void Input(string tensor, params int[] shapeAfterBatch) => graph.Input.Add(ValueInfo(tensor, shapeAfterBatch));

    public void Output(string tensor, params int[] shapeAfterBatch) => graph.Output.Add(ValueInfo(tensor, shapeAfterBatch));

    /// <summary>A float weight, stored little-endian in raw_data as ONNX requires.</summary>
    public string Weight(string tensor, int[] shape, ReadOnlySpan<float> data)
    {
        var count = 1L;
        foreach (var d in shape)
        {
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"weight {tensor}: shape [{string.Join(", ", shape)}] holds {count} values, got {data.Length}");
        }

        var proto = new TensorProto { Name = tensor, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(data)) };
        proto.Dims.AddRange(shape.Select(d => (long)d));
        graph.Initializer.Add(proto);
        return tensor;
    }

    public string Int64s(string tensor, params long[] values)
    {
        var proto = new TensorProto { Name = tensor, DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return tensor;
    }

    /// <summary>Adds a node named after its op and position; returns its (single) output.</summary>
    public string Node(string opType, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = $"{opType}_{nodes++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Ints(string name, params int[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values.Select(v => (long)v));
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static ValueInfoProto ValueInfo(string tensor, int[] shapeAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = Batch });
        shape.Dim.AddRange(shapeAfterBatch.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = tensor,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
