using Feedback.Core.Items;
using Feedback.Functions.Telemetry;

namespace Feedback.Functions.Tests.Operations;

/// <summary>What one routed item adds to the processing metrics. Probabilities are unusual values, so that measurements of other tests' items running meanwhile are told apart.</summary>
public sealed class PipelineTelemetryTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_routed_item_records_its_lag_since_intake_and_the_confidence_of_each_label()
    {
        using var measurements = new RecordedMeasurements("feedback.processing.lag", "feedback.classification.confidence");

        PipelineTelemetry.Routed(Item("آب محله قطع است", rating: null, topic: 0.61231, sentiment: 0.71231, routedAfter: TimeSpan.FromSeconds(42.5)));

        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.processing.lag" && measured.Value == 42.5);
        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.classification.confidence" && measured.Value == 0.61231 && measured.Tags["kind"] as string == "topic");
        Assert.Contains(measurements.All, measured => measured.Instrument == "feedback.classification.confidence" && measured.Value == 0.71231 && measured.Tags["kind"] as string == "sentiment");
    }

    [Fact]
    public void A_reply_that_is_only_a_rating_records_no_sentiment_confidence()
    {
        using var measurements = new RecordedMeasurements("feedback.classification.confidence");

        PipelineTelemetry.Routed(Item("۵", rating: 5, topic: 0.61232, sentiment: 0.71232, routedAfter: TimeSpan.FromSeconds(1)));

        Assert.Contains(measurements.All, measured => measured.Value == 0.61232);
        Assert.DoesNotContain(measurements.All, measured => measured.Value == 0.71232);
    }

    [Fact]
    public void An_item_not_routed_records_nothing()
    {
        using var measurements = new RecordedMeasurements("feedback.classification.confidence");

        PipelineTelemetry.Routed(Item("آب محله قطع است", rating: null, topic: 0.61233, sentiment: 0.71233, routedAfter: TimeSpan.FromSeconds(1)) with { Status = FeedbackStatus.Failed });

        Assert.DoesNotContain(measurements.All, measured => measured.Value is 0.61233 or 0.71233);
    }

    private static FeedbackItem Item(string text, int? rating, double topic, double sentiment, TimeSpan routedAfter) => new()
    {
        TrackingCode = TrackingCode.FromCanonical("1234567894")!,
        Channel = FeedbackChannel.Sms,
        Text = text,
        Province = "zanjan",
        Rating = rating,
        ReceivedAt = Received,
        Status = FeedbackStatus.Routed,
        Assessment = new Assessment("negative", sentiment, "water", topic, false, "None", "zanjan-water", "rule"),
        History = [new StatusChange(Received, FeedbackStatus.Received, "ثبت شد"), new StatusChange(Received + routedAfter, FeedbackStatus.Routed, "ارجاع شد")],
    };
}
