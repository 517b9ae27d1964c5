using Feedback.Classification.Training;

namespace Feedback.Classification.Tests.Training;

public class ClassifierTrainerTests
{
    [Fact]
    public void Training_refuses_too_few_topic_rows_to_cross_validate()
    {
        var messages = RepositoryFiles.CorpusSample(perFile: 1);
        var source = new TrainingSourceFile("tiny.tsv", "0000", messages);

        var exception = Assert.Throws<TrainingDataException>(() => ClassifierTrainer.Train([source], new TrainerOptions { Folds = 2 }));

        Assert.Contains("too few", exception.Message);
    }
}
