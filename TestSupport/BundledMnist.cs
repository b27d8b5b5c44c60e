using Ssgan.Training.Data;

namespace Ssgan.TestSupport;

/// <summary>The bundled MNIST, loaded (and hash-checked) once for all tests that need it.</summary>
internal static class BundledMnist
{
    private static readonly Lazy<MnistDataset> Cached = new(MnistDataset.LoadBundled, LazyThreadSafetyMode.ExecutionAndPublication);

    public static MnistDataset Dataset => Cached.Value;
}
