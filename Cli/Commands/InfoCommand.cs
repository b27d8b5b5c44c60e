using System.CommandLine;
using Ssgan.Engine.Blas;

namespace Ssgan.Cli.Commands;

/// <summary>`ssgan info`: what this build runs on, so a slow or failing run can be explained.</summary>
internal static class InfoCommand
{
    public static Command Create(CliSession session, GlobalOptions global)
    {
        var command = new Command("info", "Versions (assemblies, .NET, OS), BLAS providers found (and why one is missing), the active provider and threads, CPU model and vector features.");
        command.SetAction(p =>
        {
            var o = session.Out;
            o.WriteLine("versions:");
            foreach (var (name, version) in MachineInfo.Versions())
            {
                o.WriteLine($"  {name}: {version}");
            }

            o.WriteLine("cpu:");
            o.WriteLine($"  model: {MachineInfo.CpuModel()}");
            o.WriteLine($"  logical cores: {Environment.ProcessorCount}");
            foreach (var (feature, supported) in MachineInfo.CpuFeatures())
            {
                o.WriteLine($"  {feature}: {(supported ? "yes" : "no")}");
            }

            o.WriteLine("blas providers:");
            foreach (var probe in Blas.Probe())
            {
                o.WriteLine($"  {probe.Name}: {(probe.Available ? "available" : "missing")} ({probe.Detail})");
            }

            // Selecting runs the provider's self-test, so a library that loads but computes wrong answers shows here.
            var active = BlasSelection.Apply(p.GetValue(global.Provider), p.GetValue(global.Threads));
            o.WriteLine($"active: {active.Describe()}");
            o.WriteLine($"  chosen because: {Blas.AutoReason}");
            o.WriteLine($"  threads: {active.Threads} (SSGAN_THREADS={Environment.GetEnvironmentVariable("SSGAN_THREADS") ?? "unset"}, SSGAN_BLAS={Environment.GetEnvironmentVariable("SSGAN_BLAS") ?? "unset"})");
            return ExitCodes.Success;
        });
        return command;
    }
}
