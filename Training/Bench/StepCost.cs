using Ssgan.Engine.Nn;
using Ssgan.Models;

namespace Ssgan.Training.Bench;

/// <summary>
/// Multiply-adds of one training step, counted from the real layer shapes and what the step actually computes:
/// every layer's forward; in a backward, the weight gradient only where the layer trains and the input gradient
/// only where something upstream needs it (not for images or latent points, nor through a frozen network's first
/// layer).
/// </summary>
public static class StepCost
{
    public static double StepGflop(Discriminator d, Generator g, int batch, bool featureMatching = false)
    {
        if (featureMatching)
        {
            return FeatureMatchingStepGflop(d, g, batch);
        }

        var half = batch / 2;
        double macs = 0;
        macs += 2 * Update(d.Layers, [half, 1, d.Config.ImageSize, d.Config.ImageSize], weightGrads: true, inputGrad: false); // supervised, real
        macs += Forward(g.Layers, [half, g.Config.LatentSize]);
        macs += Update(d.Layers, [half, 1, d.Config.ImageSize, d.Config.ImageSize], weightGrads: true, inputGrad: false); // fake
        macs += Update(g.Layers, [batch, g.Config.LatentSize], weightGrads: true, inputGrad: false);
        macs += Update(d.Layers, [batch, 1, d.Config.ImageSize, d.Config.ImageSize], weightGrads: false, inputGrad: true); // frozen D
        return 2 * macs / 1e9;
    }

    // The improved GAN's step: the discriminator trained on labelled, unlabelled and generated batches (the generated
    // made without a graph), then the generator through the frozen discriminator, whose features of a second real
    // batch are a forward only.
    private static double FeatureMatchingStepGflop(Discriminator d, Generator g, int batch)
    {
        int[] images = [batch, 1, d.Config.ImageSize, d.Config.ImageSize], latent = [batch, g.Config.LatentSize];
        var macs = (3 * Update(d.Layers, images, weightGrads: true, inputGrad: false)) + Forward(g.Layers, latent)
            + Update(g.Layers, latent, weightGrads: true, inputGrad: false)
            + Update(d.Layers, images, weightGrads: false, inputGrad: true) + Forward(d.Layers, images);
        return 2 * macs / 1e9;
    }

    /// <summary>Forward multiply-adds of a Sequential for an input shape.</summary>
    public static double Forward(Sequential layers, int[] input)
    {
        double macs = 0;
        foreach (var (_, layer) in layers.Layers)
        {
            var output = layer.OutputShape(input);
            macs += LayerMacs(layer, input, output);
            input = output;
        }

        return macs;
    }

    // Forward + backward: the backward's weight and input gradients each cost one forward's multiply-adds.
    private static double Update(Sequential layers, int[] input, bool weightGrads, bool inputGrad)
    {
        double macs = 0;
        var first = true;
        foreach (var (_, layer) in layers.Layers)
        {
            var output = layer.OutputShape(input);
            var f = LayerMacs(layer, input, output);
            macs += f * (1 + (weightGrads ? 1 : 0) + (first && !inputGrad ? 0 : 1));
            first &= f == 0;
            input = output;
        }

        return macs;
    }

    private static double LayerMacs(Module layer, int[] input, int[] output) => layer switch
    {
        Dense dense => (double)input[0] * dense.InFeatures * dense.OutFeatures,
        WeightNormDense wn => (double)input[0] * wn.InFeatures * wn.OutFeatures,
        Conv2d conv => (double)output[0] * conv.OutChannels * conv.InChannels * conv.Kernel * conv.Kernel * output[2] * output[3],
        ConvTranspose2d t => (double)input[0] * t.InChannels * t.OutChannels * t.Kernel * t.Kernel * input[2] * input[3],
        _ => 0,
    };
}
