namespace Feedback.Classification.Labelled;

/// <summary>A labelled TSV that breaks the format of shared/taxonomy.md, with the line that does.</summary>
public sealed class LabelledTsvException(string source, int line, string problem)
    : Exception(line > 0 ? $"{source}:{line}: {problem}" : $"{source}: {problem}")
{
    public string SourceName { get; } = source;

    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
