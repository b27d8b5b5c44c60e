using Ssgan.Training.Data;

namespace Ssgan.Training.Tests.Data;

[TestClass]
public sealed class LabelledSubsetTests
{
    [TestMethod]
    public void SubsetIsBalancedWithoutDuplicates()
    {
        var labels = BundledMnist.Dataset.Train.Labels;

        var chosen = LabelledSubset.Select(labels, 100, 10, new Random(1));

        Assert.HasCount(100, chosen);
        Assert.HasCount(100, chosen.Distinct());
        Assert.IsTrue(chosen.All(i => i >= 0 && i < labels.Length));
        foreach (var group in chosen.GroupBy(i => labels[i]))
        {
            Assert.HasCount(10, group, $"class {group.Key}");
        }
    }

    [TestMethod]
    public void SameSeedSameSubsetOtherSeedOtherSubset()
    {
        var labels = BundledMnist.Dataset.Train.Labels;

        var first = LabelledSubset.Select(labels, 100, 10, new Random(42));
        var again = LabelledSubset.Select(labels, 100, 10, new Random(42));
        var other = LabelledSubset.Select(labels, 100, 10, new Random(43));

        CollectionAssert.AreEqual(first, again);
        CollectionAssert.AreNotEqual(first, other);
    }

    [TestMethod]
    public void WithReplacementEachClassGivesItsShareAndMayRepeat()
    {
        // Two examples per class and five draws each: with replacement repeats are certain, all of the right class.
        int[] labels = [0, 1, 0, 1];
        var chosen = LabelledSubset.Select(labels, 10, 2, new Engine.Rng(3), withReplacement: true);
        Assert.HasCount(10, chosen);
        Assert.AreEqual(5, chosen.Count(i => labels[i] == 0));
        Assert.IsLessThan(10, chosen.Distinct().Count());
        CollectionAssert.AreEqual(chosen, LabelledSubset.Select(labels, 10, 2, new Engine.Rng(3), withReplacement: true), "same seed, same draw");
        Assert.Throws<ArgumentException>(() => LabelledSubset.Select(labels, 10, 2, new Engine.Rng(3)), "without replacement two per class cannot give five");
    }

    [TestMethod]
    public void WholeClassesCanBeTaken()
    {
        int[] labels = [0, 1, 0, 1, 1];

        var chosen = LabelledSubset.Select(labels, 4, 2, new Random(3));

        Assert.HasCount(4, chosen);
        int[] bothZeros = [0, 2];
        CollectionAssert.IsSubsetOf(bothZeros, chosen);
    }

    [TestMethod]
    [DataRow(0, "got 0")]
    [DataRow(-10, "got -10")]
    [DataRow(16, "got 16")]
    [DataRow(9, "9 labels need 3 per class but class 0 has only 2 examples")]
    public void BadCountsAreRefusedWithTheNumbers(int count, string expected)
    {
        byte[] labels = [0, 1, 2, 0, 1, 2, 1, 2];

        var error = Assert.ThrowsExactly<ArgumentException>(() => LabelledSubset.Select(labels, count, 3, new Random(0)));

        StringAssert.Contains(error.Message, expected);
    }

    [TestMethod]
    public void LabelsOutsideTheClassesAreRefused()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => LabelledSubset.Select([0, 1, 5], 2, 2, new Random(0)));

        StringAssert.Contains(error.Message, "label 5 at index 2 is outside 0–1");
    }
}
