using System.CommandLine;
using Ssgan.Training.Sgan;
using Ssgan.Training.Summaries;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan summary`: the four models' layer tables (Keras model.summary form) and, with --png, diagrams.</summary>
internal static class SummaryCommand
{
    public static Command Create(CliSession session)
    {
        var preset = TrainOptions.PresetOption();
        var width = new Option<int?>("--width") { Description = "Channels of the hidden layers, instead of the preset's 128 (e.g. 32 for a quick look)." };
        var png = new Option<string?>("--png")
        {
            Description = "Also draw one diagram per model (classifier, discriminator, generator, composite) into this directory.",
            HelpName = "DIR",
        };
        var command = new Command("summary", "Print each model's layers, output shapes and parameter counts: the supervised classifier, the real/fake discriminator, the generator and the composite generator-through-frozen-discriminator.")
        {
            preset,
            width,
            png,
        };
        command.SetAction(p =>
        {
            var model = TrainingPresets.Get(p.GetValue(preset)!).Model;
            var config = p.GetValue(width) is { } w ? model with { Width = w } : model;
            config.Validate();
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
