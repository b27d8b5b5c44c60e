using System.CommandLine;
using Ssgan.Cli.Serve;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan serve`: the local dashboard over a directory of runs (see Cli/Serve).</summary>
internal static class ServeCommand
{
    public const int DefaultPort = 5180;

    public static Command Create(CliSession session, GlobalOptions global)
    {
        var runs = new Argument<string>("RUNS_DIR")
        {
            Description = "Directory whose subdirectories are runs (each made by 'ssgan train --out').",
            DefaultValueFactory = _ => "runs",
        };
        var port = new Option<int>("--port")
        {
            Description = "TCP port on 127.0.0.1 (0 = any free port; the address is printed at start).",
            DefaultValueFactory = _ => DefaultPort,
            HelpName = "P",
        };
        var command = new Command(
            "serve",
            "Serve a dashboard of the runs on http://127.0.0.1 only: curves (live while a run trains), sample grids per "
            + "epoch, the latest checkpoint's confusion matrix, and a canvas to draw a digit for a run's classifier. "
            + "Reads the run directories, never writes into them. Stops on Ctrl-C.")
        {
            runs, port,
        };
        command.SetAction(p =>
        {
            var directory = p.GetValue(runs)!;
            var portNumber = p.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                throw new CliException(ExitCodes.Usage, $"--port must be 0 to 65535 (0 = any free port), got {portNumber}");
            }

            if (!Directory.Exists(directory))
            {
                throw new CliException(ExitCodes.OutputDirectory, $"{directory}: no such runs directory (make one with 'ssgan train --out {Path.Combine(directory, "NAME")}')");
            }

            BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
            using var listening = session.Interruption.Listen();
            var (app, address) = DashboardServer.StartAsync(directory, portNumber, () => session.LoadData(null)).GetAwaiter().GetResult();
            session.Out.WriteLine($"serving {Path.GetFullPath(directory)} at {address} (Ctrl-C to stop)");
            session.Out.Flush();
            try
            {
                session.Interruption.Token.WaitHandle.WaitOne();
            }
            finally
            {
                app.StopAsync().GetAwaiter().GetResult();
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
