using Ssgan.Engine;
using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Data;

[TestClass]
public sealed class RandomShiftTests
{
    /// <summary>The definition, one pixel at a time: out[y, x] = in[y − dy, x − dx], 0 outside.</summary>
    private static float[] NaiveShift(float[] source, int rows, int cols, int dy, int dx)
    {
        var result = new float[rows * cols];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var (sy, sx) = (y - dy, x - dx);
                result[(y * cols) + x] = sy >= 0 && sy < rows && sx >= 0 && sx < cols ? source[(sy * cols) + sx] : 0f;
            }
        }

        return result;
    }

    [TestMethod]
    public void ShiftMatchesThePixelByPixelDefinitionInEveryDirection()
    {
        const int rows = 5, cols = 7;
        var source = Enumerable.Range(1, rows * cols).Select(i => (float)i).ToArray();
        for (var dy = -6; dy <= 6; dy++)
        {
            for (var dx = -8; dx <= 8; dx++)
            {
                var fast = new float[rows * cols];
                fast.AsSpan().Fill(-1f);
                RandomShift.Shift(source, rows, cols, dy, dx, fast);
                CollectionAssert.AreEqual(NaiveShift(source, rows, cols, dy, dx), fast, $"dy {dy}, dx {dx}");
            }
        }
    }

    [TestMethod]
    public void ApplyDrawsEachImagesShiftWithinRangeFromTheGenerator()
    {
        // One lit pixel in the middle of each 9×9 image: where it lands is the shift drawn, which must stay in ±2 and,
        // over 400 images, take every one of the 25 (dy, dx) pairs; the same seed gives the same batch.
        const int size = 9, images = 400;
        float[] Batch()
        {
            var batch = new float[images * size * size];
            for (var i = 0; i < images; i++)
            {
                batch[(i * size * size) + (4 * size) + 4] = 1f;
            }

            return batch;
        }

        var shifted = Batch();
        RandomShift.Apply(shifted, size, size, 2, new Rng(7));
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < images; i++)
        {
            var at = Array.IndexOf(shifted, 1f, i * size * size, size * size) - (i * size * size);
            Assert.IsGreaterThanOrEqualTo(0, at, $"image {i} lost its pixel");
            var (dy, dx) = ((at / size) - 4, (at % size) - 4);
            Assert.IsTrue(Math.Abs(dy) <= 2 && Math.Abs(dx) <= 2, $"image {i}: shift ({dy}, {dx})");
            seen.Add((dy, dx));
        }

        Assert.HasCount(25, seen);
        var again = Batch();
        RandomShift.Apply(again, size, size, 2, new Rng(7));
        CollectionAssert.AreEqual(shifted, again);

        var untouched = Batch();
        var rng = new Rng(7);
        RandomShift.Apply(untouched, size, size, 0, rng);
        CollectionAssert.AreEqual(Batch(), untouched, "shift 0 leaves the images");
        Assert.AreEqual(new Rng(7).NextUInt64(), rng.NextUInt64(), "and draws nothing");
    }

    [TestMethod]
    [DataRow(10, 2, "got 10 values, shift 2")]
    [DataRow(18, 5, "got 18 values, shift 5")]
    public void RefusesPartImagesAndLargeShifts(int values, int shift, string named)
    {
        var e = Assert.Throws<ArgumentException>(() => RandomShift.Apply(new float[values], 3, 3, shift, new Rng(1)));
        StringAssert.Contains(e.Message, named);
    }
}
