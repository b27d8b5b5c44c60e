using System.CommandLine;
using Ssgan.Engine.Autograd;
using Ssgan.Training.Pictures;
using Ssgan.Training.Runs;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan generate`: a grid of digits drawn by a trained generator from seeded latent points.</summary>
internal static class GenerateCommand
{
    public const int MaxCount = 1000;

    public static Command Create(CliSession session, GlobalOptions global)
    {
        var model = new Argument<string>("MODEL")
        {
            Description = "A run directory (its latest checkpoint), a checkpoint directory, or a generator.safetensors file.",
        };
        var count = new Option<int>("--count")
        {
            Description = $"How many digits (1–{MaxCount}), 10 per row.",
            DefaultValueFactory = _ => 100,
        };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of the latent points; the same seed and model give the same picture.",
            DefaultValueFactory = _ => 1,
        };
        var output = new Option<string>("--out")
        {
            Description = "PNG file to write (dark digits on white).",
            HelpName = "FILE.png",
            Required = true,
        };
        var command = new Command("generate", "Draw digits with a trained generator into a PNG grid (10×10 by default).")
        {
            model, count, seed, output,
        };
        command.SetAction(p =>
        {
            var n = p.GetValue(count);
            if (n is < 1 or > MaxCount)
            {
                throw new ArgumentException($"--count must be between 1 and {MaxCount}, got {n}");
            }

            BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
            var path = ModelLocator.Resolve(p.GetValue(model)!, ModelFiles.GeneratorFile);
            var generator = ModelFiles.LoadGenerator(path);
            var png = p.GetValue(output)!;
            var cols = Math.Min(10, n);
            var options = new DigitGridOptions { Rows = (n + cols - 1) / cols, Cols = cols, ImageRows = generator.Config.ImageSize, ImageCols = generator.Config.ImageSize };

            var rng = new Engine.Rng(p.GetValue(seed));
            var latent = new Tensor([n, generator.Config.LatentSize]);
            for (var i = 0; i < latent.Size; i++)
            {
                // The improved GAN's generator was trained on uniform latent points, the article's on Gaussian ones.
                latent.Data[i] = generator.Config.Architecture == Models.ModelConfig.Mlp ? rng.NextSingle() : rng.NextGaussian();
            }

            using (Arena.Begin())
            using (Graph.NoGrad())
            {
                DigitGrid.Save(png, generator.Forward(latent).Data.AsSpan(0, n * generator.Config.ImageSize * generator.Config.ImageSize), options);
            }

            session.Out.WriteLine($"wrote {n} generated digits to {png} (model {path}, seed {p.GetValue(seed)})");
            return ExitCodes.Success;
        });
        return command;
    }
}
