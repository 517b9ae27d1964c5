namespace Feedback.Classification.Model;

/// <summary>Everything a classifier needs: its header, the idf of every feature bucket, and the two linear models.</summary>
public sealed class ClassifierModel(ModelHeader header, float[] inverseDocumentFrequency, LinearModel sentiment, LinearModel topic)
{
    public ModelHeader Header { get; } = header;

    internal float[] InverseDocumentFrequency { get; } = inverseDocumentFrequency;

    public LinearModel Sentiment { get; } = sentiment;

    public LinearModel Topic { get; } = topic;
}
