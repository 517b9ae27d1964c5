using Feedback.Core.Places;
using Feedback.Core.Routing;
using Xunit.Abstractions;

namespace Feedback.Core.Tests.Places;

public class PlaceEvaluationTests(ITestOutputHelper output)
{
    private static string LabelledSet => Path.Combine(AppContext.BaseDirectory, "data", "places.tsv");

    [Fact]
    public void The_labelled_set_has_at_least_200_messages_with_and_without_a_county()
    {
        var messages = PlaceEvaluation.Read(LabelledSet, Gazetteer.Iran);

        Assert.True(messages.Count >= 200, $"{messages.Count} messages");
        Assert.True(messages.Count(message => message.CountyKey is null) >= 50);
        Assert.True(messages.Select(message => message.ProvinceKey).Distinct().Count() >= 20);
    }

    /// <summary>
    /// Floors set from the figures measured when the set was written (docs/places.md); the inference must stay at
    /// least this good. Precision matters most: a wrong county routes to the wrong office and miscounts.
    /// </summary>
    [Fact]
    public void The_inference_keeps_its_measured_precision_and_recall_on_the_labelled_set()
    {
        var report = PlaceEvaluation.Evaluate(Provinces.Places, PlaceEvaluation.Read(LabelledSet, Gazetteer.Iran));
        output.WriteLine($"messages {report.Messages}, with a county {report.WithCounty}, inferred {report.Inferred}, correct {report.Correct}, abstained {report.Abstained}");
        output.WriteLine($"precision {report.Precision:0.000}, recall {report.Recall:0.000}");

        Assert.True(report.Precision >= PrecisionFloor, $"precision {report.Precision:0.000} < {PrecisionFloor}");
        Assert.True(report.Recall >= RecallFloor, $"recall {report.Recall:0.000} < {RecallFloor}");
    }

    /// <summary>Measured 0.957 (179 of 187 inferred counties right).</summary>
    private const double PrecisionFloor = 0.95;

    /// <summary>Measured 0.848 (179 of 211 messages with a county).</summary>
    private const double RecallFloor = 0.84;

    [Fact]
    public void Precision_and_recall_count_right_inferences_wrong_ones_and_abstentions()
    {
        LabelledPlace[] messages =
        [
            new("آب ابهر قطعه", "zanjan", "abhar"),
            new("برق قیدار رفته", "zanjan", "abhar"),
            new("اداره برق زنجان جواب نمیده", "zanjan", null),
            new("سلام", "zanjan", null),
            new("روستای سهرین آب نداره", "zanjan", "zanjan"),
        ];

        var report = PlaceEvaluation.Evaluate(Provinces.Places, messages);

        Assert.Equal((5, 3, 3, 1, 2), (report.Messages, report.WithCounty, report.Inferred, report.Correct, report.Abstained));
        Assert.Equal(1.0 / 3, report.Precision, 6);
        Assert.Equal(1.0 / 3, report.Recall, 6);
        Assert.Equal(1, report.FalseOnEmpty);
        Assert.Equal(3, report.Misses.Count);
    }
}
