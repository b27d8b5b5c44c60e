using Ssgan.Engine.Kernels;
using Ssgan.Engine.Nn;

namespace Ssgan.Export;

/// <summary>
/// Translates the layers of a <see cref="Sequential"/> one by one into ONNX nodes, in inference mode (Dropout is
/// the identity and leaves no node). Convolution pads come from <see cref="ConvGeometry"/>, the same geometry our
/// kernels use, so Keras 'same' with its extra row at the bottom/right is reproduced exactly.
/// </summary>
internal static class SequentialToOnnx
{
    /// <param name="shape">The input's shape with a batch of 1, e.g. [1, 1, 28, 28]: the convolutions' pads depend on it.</param>
    /// <returns>The name of the last layer's output.</returns>
    public static string Append(OnnxGraph graph, Sequential layers, string input, int[] shape)
    {
        var x = input;
        foreach (var (name, layer) in layers.Layers)
        {
            var next = layer.OutputShape(shape);
            x = layer switch
            {
                Conv2d conv => Conv(graph, name, conv, x, shape),
                ConvTranspose2d up => ConvTranspose(graph, name, up, x, shape),
                Dense dense => graph.Node("Gemm", [x, Weight(graph, name, dense.Weight), Weight(graph, name, dense.Bias)], name, OnnxGraph.Int("transB", 1)),
                LeakyReLU act => graph.Node("LeakyRelu", [x], name, OnnxGraph.Float("alpha", act.Alpha)),
                Tanh => graph.Node("Tanh", [x], name),
                Flatten => graph.Node("Flatten", [x], name, OnnxGraph.Int("axis", 1)),
                Reshape reshape => graph.Node("Reshape", [x, graph.Int64s($"{name}.shape", [-1, .. reshape.TargetShape.Select(d => (long)d)])], name),
                Dropout or GaussianNoise => x,
                WeightNormDense wn => graph.Node("Gemm", [x, graph.Weight($"{name}.weight", wn.V.Shape, wn.EffectiveWeight()), Weight(graph, name, wn.Bias)], name, OnnxGraph.Int("transB", 1)),
                Relu => graph.Node("Relu", [x], name),
                Softplus => graph.Node("Softplus", [x], name),
                Sigmoid => graph.Node("Sigmoid", [x], name),
                Affine affine => graph.Node("Add", [graph.Node("Mul", [x, graph.Weight($"{name}.scale", [1], [affine.Scale])], $"{name}.scaled"), graph.Weight($"{name}.shift", [1], [affine.Shift])], name),
                BatchNorm1d bn => BatchNorm(graph, name, bn, x),
                _ => throw new NotSupportedException($"layer {name} ({layer.Describe()}) has no ONNX translation"),
            };
            shape = next;
        }

        return x;
    }

    private static string Conv(OnnxGraph graph, string name, Conv2d conv, string x, int[] shape)
    {
        var g = ConvGeometry.ForConv(conv.InChannels, shape[2], shape[3], conv.Kernel, conv.Stride, conv.Padding);
        var (pads, _) = Pads(g);
        return graph.Node("Conv", [x, Weight(graph, name, conv.Weight), Weight(graph, name, conv.Bias)], name, [.. Common(conv), OnnxGraph.Ints("pads", pads)]);
    }

    // A transposed convolution is the adjoint of the forward convolution from its output grid back to its input,
    // so its pads are that convolution's pads (ONNX's ConvTranspose defines them the same way).
    private static string ConvTranspose(OnnxGraph graph, string name, ConvTranspose2d up, string x, int[] shape)
    {
        var g = ConvGeometry.ForTransposed(up.OutChannels, shape[2], shape[3], up.Kernel, up.Stride, up.Padding);
        var (pads, extra) = Pads(g);
        return graph.Node("ConvTranspose", [x, Weight(graph, name, up.Weight), Weight(graph, name, up.Bias)], name, [.. Common(up), OnnxGraph.Ints("pads", pads), OnnxGraph.Ints("output_padding", extra)]);
    }

    // Inference: the running statistics; a shift-only batch norm gets a scale of ones (ONNX requires one).
    private static string BatchNorm(OnnxGraph graph, string name, BatchNorm1d bn, string x)
    {
        var scale = bn.Weight is { } w ? Weight(graph, name, w) : graph.Weight($"{name}.weight", [bn.Features], Enumerable.Repeat(1f, bn.Features).ToArray());
        return graph.Node(
            "BatchNormalization",
            [x, scale, Weight(graph, name, bn.Bias), Weight(graph, name, bn.RunningMean), Weight(graph, name, bn.RunningVar)],
            name,
            OnnxGraph.Float("epsilon", bn.Epsilon));
    }

    private static Onnx.AttributeProto[] Common(ConvLayer layer) =>
        [OnnxGraph.Ints("kernel_shape", layer.Kernel, layer.Kernel), OnnxGraph.Ints("strides", layer.Stride, layer.Stride)];

    /// <summary>
    /// ONNX pads [top, left, bottom, right] of the forward convolution <paramref name="g"/>: before = PadTop/PadLeft,
    /// after = what the last output position reads beyond the input. A negative "after" (rows the convolution never
    /// reaches) is 0 for Conv, whose output size rounds down, and output_padding for ConvTranspose, whose extra
    /// rows then hold only the bias, as in our kernels.
    /// </summary>
    public static (int[] Pads, int[] OutputPadding) Pads(ConvGeometry g)
    {
        var bottom = ((g.OutHeight - 1) * g.Stride) + g.Kernel - g.Height - g.PadTop;
        var right = ((g.OutWidth - 1) * g.Stride) + g.Kernel - g.Width - g.PadLeft;
        if (g.PadTop < 0 || g.PadLeft < 0)
        {
            throw new NotSupportedException($"pads top {g.PadTop}, left {g.PadLeft} are negative: ONNX pads cannot crop");
        }

        return ([g.PadTop, g.PadLeft, Math.Max(bottom, 0), Math.Max(right, 0)], [Math.Max(-bottom, 0), Math.Max(-right, 0)]);
    }

    private static string Weight(OnnxGraph graph, string layer, Parameter p) => graph.Weight($"{layer}.{p.Name}", p.Shape, p.Data);
}
