using Ssgan.Engine.Kernels;
using BlasSelect = Ssgan.Engine.Blas.Blas;

namespace Ssgan.Engine.Tests.Kernels;

/// <summary>The kernels' allocation-free parallel loop: every item once, on as many parts as the provider's threads.</summary>
[TestClass]
[DoNotParallelize] // switches the process-wide provider for its thread count
public sealed unsafe class PartsTests
{
    private struct State
    {
        public int* Hits;
        public int Count;
        public int Next;
        public int Parts;
    }

    private static void Body(int part, int parts, void* state)
    {
        var s = (State*)state;
        Interlocked.Exchange(ref s->Parts, parts);
        while (Parts.Take(&s->Next, s->Count, out var item))
        {
            Interlocked.Increment(ref s->Hits[item]);
        }
    }

    [TestMethod]
    [DataRow(1, 1000)]
    [DataRow(2, 1000)]
    [DataRow(2, 1)]
    [DataRow(2, 0)]
    public void EveryItemIsTakenExactlyOnce(int threads, int count)
    {
        var previous = BlasSelect.Current;
        try
        {
            BlasSelect.Use("managed", threads);
            var hits = new int[count + 1]; // one past the end, which must stay untouched
            fixed (int* h = hits)
            {
                var state = new State { Hits = h, Count = count };
                Parts.Run(&state, &Body);
                Assert.AreEqual(threads, state.Parts, "parts");
                Assert.IsTrue(state.Next >= count, $"counter {state.Next} < {count}");
            }

            CollectionAssert.AreEqual(Enumerable.Repeat(1, count).Append(0).ToArray(), hits);
        }
        finally
        {
            BlasSelect.Use(previous.Name, previous.Threads);
        }
    }
}
