using Ssgan.Models;

namespace Ssgan.Training.Sgan;

/// <summary>Every knob of a run; defaults are the tutorial's (Adam 2e-4/0.5, batch 100, 20 epochs, 100 labels).</summary>
public sealed record TrainingConfig
{
    public int Labels { get; init; } = 100;

    public int Epochs { get; init; } = 20;

    /// <summary>Total steps; 0 means <see cref="Epochs"/> × (training images / batch), 12,000 for MNIST.</summary>
    public int Steps { get; init; }

    /// <summary>Images per generator update; each discriminator update takes half (the tutorial's half_batch).</summary>
    public int Batch { get; init; } = 100;

    public float LearningRate { get; init; } = 2e-4f;

    public float Beta1 { get; init; } = 0.5f;

    public int LatentSize { get; init; } = 100;

    public int Width { get; init; } = 128;

    public ulong Seed { get; init; } = 1;

    /// <summary>Supervised-only baseline: the same classifier, labels, optimizer and steps, no GAN.</summary>
    public bool Baseline { get; init; }

    /// <summary>Steps between test-set evaluations; 0 means once per epoch.</summary>
    public int EvalEvery { get; init; }

    /// <summary>Steps between checkpoints; 0 means once per epoch.</summary>
    public int CheckpointEvery { get; init; }

    public int Classes { get; init; } = 10;

    /// <summary>Stride-2 convs in the discriminator: 3 in the tutorial (runs made before 2026-11-29 11:30 UTC used 2).</summary>
    public int DiscriminatorConvs { get; init; } = 3;

    /// <summary>Dropout before the discriminator's Dense head: 0.4 in the tutorial (0 in the runs made with 2 convs).</summary>
    public float Dropout { get; init; } = 0.4f;

    public ModelConfig Model => new()
    {
        LatentSize = LatentSize,
        Width = Width,
        Classes = Classes,
        DiscriminatorConvs = DiscriminatorConvs,
        Dropout = Dropout,
    };

    public int StepsPerEpoch(int trainingImages) => Math.Max(1, trainingImages / Batch);

    public int TotalSteps(int trainingImages) => Steps > 0 ? Steps : Epochs * StepsPerEpoch(trainingImages);

    /// <summary>Throws one message naming every bad value, before any work starts.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Labels <= 0 || Labels % Classes != 0)
        {
            errors.Add($"labels must be a positive multiple of {Classes} (got {Labels})");
        }

        if (Epochs <= 0 && Steps <= 0)
        {
            errors.Add($"epochs or steps must be positive (got epochs {Epochs}, steps {Steps})");
        }

        if (Steps < 0 || Batch < 2 || Batch % 2 != 0)
        {
            errors.Add($"steps must be ≥ 0 and batch an even number ≥ 2 (got steps {Steps}, batch {Batch})");
        }

        if (!(LearningRate > 0) || !float.IsFinite(LearningRate) || !(Beta1 >= 0 && Beta1 < 1))
        {
            errors.Add($"learning rate must be positive and 0 ≤ beta1 < 1 (got lr {LearningRate}, beta1 {Beta1})");
        }

        if (LatentSize <= 0 || Width <= 0 || EvalEvery < 0 || CheckpointEvery < 0)
        {
            errors.Add($"latent size and width must be positive, intervals ≥ 0 (got latent {LatentSize}, width {Width}, eval-every {EvalEvery}, checkpoint-every {CheckpointEvery})");
        }

        if (DiscriminatorConvs < 1 || DiscriminatorConvs > 4 || !(Dropout >= 0 && Dropout < 1))
        {
            errors.Add($"discriminator convs must be 1–4 and dropout in [0, 1) (got convs {DiscriminatorConvs}, dropout {Dropout})");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors));
        }
    }
}
