namespace Ssgan.Engine.Autograd;

/// <summary>Recording switch and the backward pass over the recorded graph.</summary>
public static class Graph
{
    [ThreadStatic]
    private static int noGradDepth;

    public static bool IsRecording => noGradDepth == 0;

    /// <summary>Within the returned scope ops record nothing (evaluation, generator samples for the fake batch).</summary>
    public static NoGradScope NoGrad()
    {
        noGradDepth++;
        return default;
    }

    public readonly struct NoGradScope : IDisposable
    {
        public void Dispose() => noGradDepth--;
    }

    /// <summary>
    /// Seeds d(loss)/d(loss) = 1, runs every recorded backward in reverse topological order, then
    /// releases the graph: intermediate gradients are dropped, leaves (parameters, inputs) keep theirs.
    /// </summary>
    internal static void Backward(Tensor loss)
    {
        if (loss.Size != 1)
        {
            throw new InvalidOperationException($"Backward() needs a scalar loss, got shape {ShapeUtil.Format(loss.Shape)}");
        }

        using var profile = Profiler.Measure("backward (all)");
        var order = TopologicalOrder(loss);
        loss.GradBuffer()[0] += 1f;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            order[i].BackwardFn?.Invoke();
        }

        foreach (var t in order)
        {
            t.ReleaseGraph(keepGrad: t.BackwardFn is null || ReferenceEquals(t, loss));
        }
    }

    // Iterative DFS so deep graphs do not overflow the stack.
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Parents.Length)
            {
                stack.Push((node, next + 1));
                var p = node.Parents[next];
                if (p.RequiresGrad && visited.Add(p))
                {
                    stack.Push((p, 0));
                }
            }
            else
            {
                order.Add(node);
            }
        }

        return order;
    }
}
