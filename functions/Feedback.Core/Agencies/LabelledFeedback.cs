using Feedback.Core.Items;

namespace Feedback.Core.Agencies;

/// <summary>
/// An item's labels as staff set them: the citizen's text exactly as received with its sentiment and topic,
/// a row of labelled data for retraining the classifier. One per item; a later correction replaces it.
/// </summary>
public sealed record LabelledFeedback(string Province, TrackingCode TrackingCode, string Text, string Sentiment, string Topic, DateTimeOffset LabelledAt, string LabelledBy)
{
    /// <summary>The item's labels after its latest correction.</summary>
    public static LabelledFeedback Of(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var correction = item.LabelCorrections.Count > 0 ? item.LabelCorrections[^1] : throw new ArgumentException("the item has no label correction", nameof(item));
        return new(item.Province, item.TrackingCode, item.Text, correction.ToSentiment, correction.ToTopic, correction.At, correction.By);
    }
}

/// <summary>Where labelled data from staff corrections is kept, for <c>./feedback export-labels</c>.</summary>
public interface ILabelStore
{
    Task SaveAsync(LabelledFeedback labelled, CancellationToken cancellationToken);

    /// <summary>The labelled items, of one province or all, labelled at or after <paramref name="since"/> when given.</summary>
    IAsyncEnumerable<LabelledFeedback> ListAsync(string? province, DateTimeOffset? since, CancellationToken cancellationToken);
}
