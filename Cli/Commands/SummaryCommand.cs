using System.CommandLine;
using Ssgan.Models;
using Ssgan.Training.Summaries;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan summary`: the four models' layer tables (Keras model.summary form) and, with --png, diagrams.</summary>
internal static class SummaryCommand
{
    public static Command Create(CliSession session)
    {
        var preset = new Option<string>("--preset")
        {
            Description = "Model sizes: tutorial (width 128, latent 100) or small (width 32, latent 100, for quick experiments).",
            DefaultValueFactory = _ => "tutorial",
            HelpName = "tutorial|small",
        };
        preset.AcceptOnlyFromAmong("tutorial", "small");
        var png = new Option<string?>("--png")
        {
            Description = "Also draw one diagram per model (classifier, discriminator, generator, composite) into this directory.",
            HelpName = "DIR",
        };
        var command = new Command("summary", "Print each model's layers, output shapes and parameter counts: the supervised classifier, the real/fake discriminator, the generator and the composite generator-through-frozen-discriminator.")
        {
            preset,
            png,
        };
        command.SetAction(p =>
        {
            var config = p.GetValue(preset) == "small" ? new ModelConfig { Width = 32 } : new ModelConfig();
            var tables = ModelSummary.Build(config);
            session.Out.Write(SummaryText.Render(tables));
            if (p.GetValue(png) is { } dir)
            {
                foreach (var path in ModelDiagram.SaveAll(tables, dir))
                {
                    session.Out.WriteLine($"wrote {path}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
