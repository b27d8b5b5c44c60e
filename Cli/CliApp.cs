using System.CommandLine;
using Ssgan.Cli.Commands;

namespace Ssgan.Cli;

/// <summary>The command tree and the one place where parse errors and exceptions become exit codes.</summary>
internal static class CliApp
{
    private const string About =
        "Semi-supervised GAN (Salimans et al. 2016) for MNIST: train a classifier from a few labels, then evaluate it, "
        + "generate digits and classify your own images.";

    public static int Run(string[] args, CliSession session)
    {
        var global = new GlobalOptions();
        var root = new RootCommand($"{About}\n\n{ExitCodes.HelpText()}");
        foreach (var option in global.All)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(TrainCommand.Create(session, global));
        root.Subcommands.Add(EvaluateCommand.Create(session, global));
        root.Subcommands.Add(GenerateCommand.Create(session, global));
        root.Subcommands.Add(ClassifyCommand.Create(session, global));
        root.Subcommands.Add(ExportCommand.Create(session));
        root.Subcommands.Add(InfoCommand.Create(session, global));
        root.Subcommands.Add(SummaryCommand.Create(session));
        root.Subcommands.Add(CompareCommand.Create(session));
        root.Subcommands.Add(BenchCommand.Create(session, global));
        root.Subcommands.Add(ServeCommand.Create(session, global));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ";
            session.Error.WriteLine($"error: {ErrorReport.OneLine(parse.Errors[0].Message)} (see '{Invocation.Command} {command}--help')");
            return ExitCodes.Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = session.Out,
                Error = session.Error,
                EnableDefaultExceptionHandler = false,

                // Training handles Ctrl-C itself (checkpoint first); other commands should just stop.
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception e)
        {
            return ErrorReport.Write(session.Error, e, parse.GetValue(global.Verbose));
        }
    }
}
