namespace Ssgan.Engine.Blas;

/// <summary>What Blas.Probe found for one provider: Detail is the library path when available, else the reason.</summary>
public sealed record BlasProbe(string Name, bool Available, string Detail);
