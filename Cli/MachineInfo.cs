using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Ssgan.Engine.Blas;
using Ssgan.Training.Runs;

namespace Ssgan.Cli;

/// <summary>Where a run happens: versions and CPU, for config.json and `ssgan info`.</summary>
internal static class MachineInfo
{
    /// <summary>Our assemblies' version (one build, one version: written into BuildInfo at build time) plus the .NET runtime and the OS.</summary>
    public static IReadOnlyDictionary<string, string> Versions()
    {
        var versions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in (string[])["ssgan", "Ssgan.Training", "Ssgan.Models", "Ssgan.Engine"])
        {
            versions[name] = BuildInfo.Version;
        }

        versions["dotnet"] = RuntimeInformation.FrameworkDescription;
        versions["os"] = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";
        return versions;
    }

    /// <summary>"CPU model (N cores)", the figure config.json keeps next to the timings.</summary>
    public static string Machine() => $"{CpuModel()} ({Environment.ProcessorCount} cores)";

    /// <summary>The first "model name" of /proc/cpuinfo; "unknown CPU" where there is none (not Linux, ARM).</summary>
    public static string CpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (File.Exists(CpuInfo))
        {
            foreach (var line in File.ReadLines(CpuInfo))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    return line[(colon + 1)..].Trim();
                }
            }
        }

        return "unknown CPU";
    }

    public static IReadOnlyList<(string Name, bool Supported)> CpuFeatures() =>
    [
        ("AVX2", Avx2.IsSupported),
        ("FMA", Fma.IsSupported),
        ("AVX-512F", Avx512F.IsSupported),
        ("Vector256 accelerated", Vector256.IsHardwareAccelerated),
    ];
}
