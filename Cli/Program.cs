using Ssgan.Cli;

using var interruption = new Interruption(handleSignals: true);
var session = new CliSession(Console.Out, Console.Error, Interactive: !Console.IsOutputRedirected, interruption, DataSource.Load);
return CliApp.Run(args, session);
