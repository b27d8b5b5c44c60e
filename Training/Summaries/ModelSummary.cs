using Ssgan.Engine.Nn;
using Ssgan.Models;

namespace Ssgan.Training.Summaries;

/// <summary>
/// Keras <c>model.summary()</c> for the semi-supervised GAN's four models: the supervised classifier and the
/// unsupervised real/fake discriminator (one trunk, shared weights, two heads), the generator, and the composite
/// generator → frozen discriminator used to train the generator.
/// </summary>
public static class ModelSummary
{
    public const string ClassifierName = "classifier";
    public const string DiscriminatorName = "discriminator";
    public const string GeneratorName = "generator";
    public const string CompositeName = "composite";

    /// <summary>Summaries of freshly built models of <paramref name="config"/>'s sizes.</summary>
    public static IReadOnlyList<ModelTable> Build(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // The seed only affects weight values, which summaries never show.
        var rng = new Engine.Rng(0);
        return Build(new Discriminator(config, rng), new Generator(config, rng));
    }

    /// <summary>
    /// Summaries of these model instances, in the order classifier, discriminator, generator, composite. The
    /// composite freezes <paramref name="discriminator"/> while it is summarised and then restores every
    /// parameter's previous trainable flag, even if summarising fails.
    /// </summary>
    public static IReadOnlyList<ModelTable> Build(Discriminator discriminator, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(generator);
        if (discriminator.Config != generator.Config)
        {
            throw new ArgumentException($"discriminator config {discriminator.Config} differs from generator config {generator.Config}");
        }

        var config = discriminator.Config;
        int[] image = [1, config.ImageSize, config.ImageSize];
        var classifier = new TableBuilder(image).AddAll(discriminator.Layers).Add("softmax", new Softmax())
            .Build(ClassifierName, $"Supervised classifier: discriminator trunk + Dense({config.Classes}) + softmax (weights shared with {DiscriminatorName})");
        var realFake = new TableBuilder(image).AddAll(discriminator.Layers).Add("real_prob", new ZOverZPlusOne())
            .Build(DiscriminatorName, $"Unsupervised real/fake discriminator: same trunk + Dense({config.Classes}) + Z/(Z+1) (weights shared with {ClassifierName})");
        var generatorTable = new TableBuilder([config.LatentSize]).AddAll(generator.Layers)
            .Build(GeneratorName, $"Generator: latent {config.LatentSize} → image 1×{config.ImageSize}×{config.ImageSize} in (−1, 1)");
        return [classifier, realFake, generatorTable, Composite(discriminator, generator)];
    }

    /// <summary>All four summaries as text, Keras style.</summary>
    public static string Render(ModelConfig config) => SummaryText.Render(Build(config));

    public static string Render(Discriminator discriminator, Generator generator) => SummaryText.Render(Build(discriminator, generator));

    private static ModelTable Composite(Discriminator discriminator, Generator generator)
    {
        var saved = discriminator.Parameters().Select(p => (Parameter: p, p.RequiresGrad)).ToList();
        try
        {
            // Freeze the real instance, as training does, so the trainable counts come from the same flags.
            discriminator.SetTrainable(false);
            return new TableBuilder([generator.Config.LatentSize])
                .AddAll(generator.Layers, GeneratorName)
                .AddAll(discriminator.Layers, DiscriminatorName)
                .Add("real_prob", new ZOverZPlusOne())
                .Build(CompositeName, "Composite for training the generator: generator → frozen discriminator → Z/(Z+1)");
        }
        finally
        {
            foreach (var (parameter, requiresGrad) in saved)
            {
                parameter.RequiresGrad = requiresGrad;
            }
        }
    }
}
