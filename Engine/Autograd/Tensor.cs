namespace Ssgan.Engine.Autograd;

/// <summary>
/// A contiguous, row-major float32 array with a shape (NCHW for images) and, when it takes part in
/// a recorded graph, the closure that pushes its gradient to the tensors it was computed from
/// (micrograd's design: the backward of an op is written right under its forward).
/// </summary>
public class Tensor
{
    private static readonly Tensor[] NoParents = [];
    private float[]? gradStorage;
    private bool hasGrad;
    private readonly Arena? arena;

    public Tensor(int[] shape, float[]? data = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Size = ShapeUtil.Product(shape);
        if (data is not null && data.Length != Size)
        {
            throw new ArgumentException($"data has {data.Length} elements but shape {ShapeUtil.Format(shape)} needs {Size}");
        }

        Shape = (int[])shape.Clone();

        // Inside an arena a new tensor's contents are unspecified: every op writes its whole output.
        // A tensor made inside an arena lives and dies with it: its data (unless given, as for a view) and its
        // gradient come from the arena's pool.
        arena = Arena.Current;
        Data = data ?? arena?.Rent(Size) ?? new float[Size];
        RequiresGrad = requiresGrad;
    }

    public int[] Shape { get; }

    public int Size { get; }

    public int Rank => Shape.Length;

    public float[] Data { get; }

    /// <summary>Whether gradients flow to this tensor. A frozen parameter sets this to false and its gradient work is skipped.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The accumulated gradient, or null if none has been computed since the last <see cref="ZeroGrad"/>.</summary>
    public float[]? Grad => hasGrad ? gradStorage : null;

    internal Tensor[] Parents { get; private set; } = NoParents;

    internal Action? BackwardFn { get; private set; }

    public int Dim(int axis) => Shape[axis];

    /// <summary>
    /// The gradient buffer, zeroed on first use after <see cref="ZeroGrad"/>; backward kernels accumulate into it
    /// (+=). A tensor keeps its buffer across steps (parameters) unless it lives in an arena.
    /// </summary>
    public float[] GradBuffer()
    {
        if (!hasGrad)
        {
            // A gradient lives as long as its tensor: in the tensor's own arena, or owned (parameters, inputs).
            gradStorage ??= arena?.Rent(Size) ?? new float[Size];

            Array.Clear(gradStorage);
            hasGrad = true;
        }

        return gradStorage!;
    }

    /// <summary>Marks the gradient absent; the buffer is kept for reuse.</summary>
    public void ZeroGrad() => hasGrad = false;

    /// <summary>A scalar's value.</summary>
    public float Item()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item() needs a single-element tensor, shape is {ShapeUtil.Format(Shape)}");
        }

        return Data[0];
    }

    /// <summary>Records how this tensor was computed, if any parent needs a gradient and recording is on.</summary>
    internal void RecordOp(Tensor[] parents, Action backward)
    {
        if (!Graph.IsRecording)
        {
            return;
        }

        foreach (var p in parents)
        {
            if (p.RequiresGrad)
            {
                RequiresGrad = true;
                Parents = parents;
                BackwardFn = backward;
                return;
            }
        }
    }

    internal void ReleaseGraph(bool keepGrad)
    {
        Parents = NoParents;
        BackwardFn = null;
        if (!keepGrad)
        {
            hasGrad = false;
        }
    }

    /// <summary>Reverse-mode differentiation from this scalar; the graph is released afterwards.</summary>
    public void Backward() => Graph.Backward(this);

    public override string ToString() => $"Tensor{ShapeUtil.Format(Shape)}";
}
