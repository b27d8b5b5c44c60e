namespace Ssgan.Engine.Tests;

/// <summary>Facts about where the tests run that change what a missing dependency means.</summary>
internal static class TestEnvironment
{
    /// <summary>CI installs every optional native dependency, so there "not installed" is a failure, not a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
