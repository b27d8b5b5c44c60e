namespace Ssgan.Engine.Autograd;

public static class ShapeUtil
{
    public static int Product(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"negative dimension {d} in shape {Format(shape)}");
            }

            n *= d;
            if (n > int.MaxValue)
            {
                throw new ArgumentException($"shape {Format(shape)} has more than {int.MaxValue} elements");
            }
        }

        return (int)n;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Throws unless <paramref name="t"/> has the given rank; names the op and the shape seen.</summary>
    public static void ExpectRank(Tensor t, int rank, string op, string layout)
    {
        if (t.Rank != rank)
        {
            throw new ArgumentException($"{op} expects a rank-{rank} tensor {layout}, got shape {Format(t.Shape)}");
        }
    }
}
