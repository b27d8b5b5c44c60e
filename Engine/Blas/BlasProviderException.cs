namespace Ssgan.Engine.Blas;

/// <summary>A BLAS provider cannot be used: unknown name, library not installed, or wrong results.</summary>
public sealed class BlasProviderException : Exception
{
    public BlasProviderException()
    {
    }

    public BlasProviderException(string message)
        : base(message)
    {
    }

    public BlasProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
