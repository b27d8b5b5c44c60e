namespace Ssgan.Engine.Autograd;

/// <summary>
/// A scope whose tensors borrow their storage from a pool of exact-size buffers and give it back on Dispose.
/// A training step allocates the same shapes every time, so after the first step no activation or gradient
/// buffer is allocated (and no 40 MB array is page-faulted in and zeroed by the GC again). Tensors created in
/// the scope must not be used after it ends; parameters are created outside any arena and own their memory.
/// </summary>
public sealed class Arena : IDisposable
{
    [ThreadStatic]
    private static Arena? current;

    private static readonly Dictionary<int, Stack<float[]>> Pool = [];
    private readonly List<float[]> rented = [];
    private readonly Arena? outer;
    private bool disposed;

    private Arena()
    {
        outer = current;
        current = this;
    }

    internal static Arena? Current => current;

    public static Arena Begin() => new();

    /// <summary>A buffer of exactly <paramref name="size"/> floats with unspecified contents.</summary>
    internal float[] Rent(int size)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        float[]? buffer = null;
        lock (Pool)
        {
            if (Pool.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                buffer = stack.Pop();
            }
        }

        buffer ??= GC.AllocateUninitializedArray<float>(size);
        rented.Add(buffer);
        return buffer;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (!ReferenceEquals(current, this))
        {
            throw new InvalidOperationException("arenas must be disposed in the reverse order of Begin()");
        }

        current = outer;
        lock (Pool)
        {
            foreach (var b in rented)
            {
                if (!Pool.TryGetValue(b.Length, out var stack))
                {
                    Pool[b.Length] = stack = new Stack<float[]>();
                }

                stack.Push(b);
            }
        }

        rented.Clear();
    }
}
