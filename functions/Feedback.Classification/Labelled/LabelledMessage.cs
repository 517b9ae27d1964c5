namespace Feedback.Classification.Labelled;

/// <summary>One row of a labelled TSV. <see cref="Topic"/> is null where the file says "-" (not labelled).</summary>
public sealed record LabelledMessage(string Text, string Sentiment, string? Topic, int Line);
