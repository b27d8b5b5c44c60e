using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ssgan.Engine.Autograd;
using Tensor = Ssgan.Engine.Autograd.Tensor;
using Ssgan.Engine.Nn;
using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Export;

/// <summary>Runs an exported model in ONNX Runtime and our engine side by side, in batches, and measures the gap.</summary>
internal static class OnnxRuntimeHarness
{
    public const int Batch = 500;

    /// <summary>One thread each way: the machine has two cores and the tests run two at a time.</summary>
    public static InferenceSession Session(byte[] model) =>
        new(model, new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL });

    /// <summary>ONNX Runtime's outputs (by name) for one input tensor of the given shape.</summary>
    public static float[][] Run(InferenceSession session, string input, float[] data, int[] shape, params string[] outputs)
    {
        using var values = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(data, shape))], outputs);
        return [.. outputs.Select(name => values.Single(v => v.Name == name).AsTensor<float>().ToArray())];
    }

    /// <summary>Our engine's output, without recording a graph.</summary>
    public static float[] Ours(Module model, float[] data, int[] shape)
    {
        using var _ = Graph.NoGrad();
        using var arena = Arena.Begin();
        var y = model.Forward(new Tensor(shape, (float[])data.Clone()));
        return y.Data.AsSpan(0, y.Size).ToArray();
    }

    /// <summary>Classifies a whole split both ways: ONNX Runtime's and our predictions, and the largest |logit difference|.</summary>
    public static (int[] Onnx, int[] Ours, double MaxLogitDiff, double MaxProbabilityError, TimeSpan OnnxTime, TimeSpan OurTime) Classify(InferenceSession session, Module classifier, MnistSplit split)
    {
        var onnx = new int[split.Count];
        var ours = new int[split.Count];
        var maxDiff = 0.0;
        var maxProbError = 0.0;
        var onnxClock = new System.Diagnostics.Stopwatch();
        var ourClock = new System.Diagnostics.Stopwatch();
        for (var start = 0; start < split.Count; start += Batch)
        {
            var n = Math.Min(Batch, split.Count - start);
            var images = split.Images.AsSpan(start * split.PixelsPerImage, n * split.PixelsPerImage).ToArray();
            int[] shape = [n, 1, split.Rows, split.Cols];
            onnxClock.Start();
            var outputs = Run(session, "images", images, shape, "logits", "probabilities");
            onnxClock.Stop();
            ourClock.Start();
            var expected = Ours(classifier, images, shape);
            ourClock.Stop();
            var classes = expected.Length / n;
            for (var i = 0; i < n; i++)
            {
                var a = outputs[0].AsSpan(i * classes, classes);
                var b = expected.AsSpan(i * classes, classes);
                onnx[start + i] = ArgMax(a);
                ours[start + i] = ArgMax(b);
                maxDiff = Math.Max(maxDiff, MaxAbsDiff(a, b));
                maxProbError = Math.Max(maxProbError, MaxAbsDiff(outputs[1].AsSpan(i * classes, classes), Softmax(b)));
            }
        }

        return (onnx, ours, maxDiff, maxProbError, onnxClock.Elapsed, ourClock.Elapsed);
    }

    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.AreEqual(b.Length, a.Length, "lengths differ");
        var max = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var v in logits)
        {
            max = Math.Max(max, v);
        }

        var e = new double[logits.Length];
        for (var i = 0; i < e.Length; i++)
        {
            e[i] = Math.Exp(logits[i] - max);
        }

        var sum = e.Sum();
        return [.. e.Select(v => (float)(v / sum))];
    }
}
