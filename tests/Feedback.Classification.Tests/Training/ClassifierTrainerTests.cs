using Feedback.Classification.Training;

namespace Feedback.Classification.Tests.Training;

public class ClassifierTrainerTests
{
    /// <summary>Labels of <paramref name="counts"/>[c] rows of each class c, interleaved so that no class sits in one block.</summary>
    private static int[] Labels(params int[] counts)
    {
        var labels = new List<int>();
        var remaining = (int[])counts.Clone();
        while (remaining.Any(count => count > 0))
        {
            for (var c = 0; c < remaining.Length; c++)
            {
                if (remaining[c] > 0)
                {
                    labels.Add(c);
                    remaining[c]--;
                }
            }
        }
        return [.. labels];
    }

    public static TheoryData<int[], int> FoldCases() => new()
    {
        { Labels(30, 20, 7), 3 },
        { Labels(25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25), 2 },
        { Labels(25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25), 5 },
        { Labels(100, 3, 1), 4 },
        { Labels(11, 9), 10 },
    };

    [Theory]
    [MemberData(nameof(FoldCases))]
    public void Every_fold_gets_each_class_in_near_equal_shares(int[] labels, int folds)
    {
        var assignment = ClassifierTrainer.StratifiedFolds(labels, folds, seed: 1403);

        Assert.Equal(labels.Length, assignment.Length);
        Assert.All(assignment, fold => Assert.InRange(fold, 0, folds - 1));
        foreach (var label in labels.Distinct())
        {
            var perFold = Enumerable.Range(0, folds).Select(fold => Enumerable.Range(0, labels.Length).Count(i => labels[i] == label && assignment[i] == fold)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {label}: {string.Join(", ", perFold)} rows per fold");
        }
        var sizes = Enumerable.Range(0, folds).Select(fold => assignment.Count(value => value == fold)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1, $"fold sizes {string.Join(", ", sizes)}");
    }

    [Theory]
    [MemberData(nameof(FoldCases))]
    public void The_same_seed_gives_the_same_folds(int[] labels, int folds)
    {
        var first = ClassifierTrainer.StratifiedFolds(labels, folds, seed: 7);
        var second = ClassifierTrainer.StratifiedFolds(labels, folds, seed: 7);

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_labels_are_left_unchanged()
    {
        var labels = Labels(30, 20, 7);
        var copy = (int[])labels.Clone();

        ClassifierTrainer.StratifiedFolds(labels, 3, seed: 1);

        Assert.Equal(copy, labels);
    }

    [Fact]
    public void Training_refuses_too_few_topic_rows_to_cross_validate()
    {
        var messages = RepositoryFiles.CorpusSample(perFile: 1);
        var source = new TrainingSourceFile("tiny.tsv", "0000", messages);

        var exception = Assert.Throws<TrainingDataException>(() => ClassifierTrainer.Train([source], new TrainerOptions { Folds = 2 }));

        Assert.Contains("too few", exception.Message);
    }
}
