using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Ssgan.Engine.Autograd;

namespace Ssgan.Engine.Nn;

/// <summary>Row slices and sums, so one forward over a concatenated batch can feed several losses.</summary>
public static partial class Functional
{
    /// <summary>
    /// Rows [start, start + count) of x [N, …] as a new tensor [count, …] (torch.narrow along dim 0, copied); the
    /// backward adds the slice's gradient into those rows of x's.
    /// </summary>
    public static Tensor Rows(Tensor x, int start, int count)
    {
        if (x.Rank < 1 || start < 0 || count <= 0 || start + count > x.Dim(0))
        {
            throw new ArgumentException($"Rows: rows [{start}, {start + count}) are not inside the {(x.Rank < 1 ? 0 : x.Dim(0))} rows of {ShapeUtil.Format(x.Shape)}");
        }

        var shape = (int[])x.Shape.Clone();
        shape[0] = count;
        var y = new Tensor(shape);
        var offset = start * (x.Size / x.Dim(0));
        x.Data.AsSpan(offset, y.Size).CopyTo(y.Data);
        y.RecordOp([x], () =>
        {
            var dx = x.GradBuffer().AsSpan(offset, y.Size);
            TensorPrimitives.Add(dx, y.Grad.AsSpan(0, y.Size), dx);
        });
        return y;
    }

    /// <summary>y = a + b elementwise, same shapes; the gradient passes to both unchanged.</summary>
    public static Tensor Add(Tensor a, Tensor b)
    {
        if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
        {
            throw new ArgumentException($"Add: shapes {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)} differ");
        }

        var n = a.Size;
        var y = new Tensor(a.Shape);
        TensorPrimitives.Add(a.Data.AsSpan(0, n), b.Data.AsSpan(0, n), y.Data.AsSpan(0, n));
        y.RecordOp([a, b], () =>
        {
            var dy = y.Grad.AsSpan(0, n);
            foreach (var t in (ReadOnlySpan<Tensor>)[a, b])
            {
                if (t.RequiresGrad)
                {
                    var dt = t.GradBuffer().AsSpan(0, n);
                    TensorPrimitives.Add(dt, dy, dt);
                }
            }
        });
        return y;
    }
}
