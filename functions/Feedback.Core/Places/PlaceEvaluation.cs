namespace Feedback.Core.Places;

/// <summary>A message of the labelled place set: its text, the item's province, and the county it happened in (null: none can be told).</summary>
public sealed record LabelledPlace(string Text, string ProvinceKey, string? CountyKey);

/// <summary>The labelled place set's file does not follow its format (header, then text, province, county).</summary>
public sealed class LabelledPlacesException(string source, int line, string problem)
    : FormatException(line > 0 ? $"{source} line {line}: {problem}" : $"{source}: {problem}");

/// <summary>One message the matcher got wrong: it inferred a county where another or none was right, or none where one was.</summary>
public sealed record PlaceMiss(LabelledPlace Message, PlaceInference Inference);

/// <summary>
/// How the matcher did on a labelled set. <see cref="Precision"/>: of the counties it inferred, the share that were
/// right. <see cref="Recall"/>: of the messages with a county, the share it inferred rightly. An abstention is a
/// message it inferred nothing for.
/// </summary>
public sealed record PlaceEvaluationReport(int Messages, int WithCounty, int Inferred, int Correct, int Abstained, IReadOnlyList<PlaceMiss> Misses)
{
    public double Precision => Inferred == 0 ? 0 : (double)Correct / Inferred;

    public double Recall => WithCounty == 0 ? 0 : (double)Correct / WithCounty;

    /// <summary>Inferred a county for a message that names none it happened in.</summary>
    public int FalseOnEmpty => Misses.Count(miss => miss.Message.CountyKey is null);
}

public static class PlaceEvaluation
{
    public const string Header = "text\tprovince\tcounty";

    /// <exception cref="LabelledPlacesException">The file is missing, or a row is malformed or names a county the gazetteer does not know.</exception>
    public static IReadOnlyList<LabelledPlace> Read(string path, Gazetteer gazetteer)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LabelledPlacesException(path, 0, exception is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file ({exception.Message})");
        }
        return Parse(lines, path, gazetteer);
    }

    public static IReadOnlyList<LabelledPlace> Parse(IReadOnlyList<string> lines, string source, Gazetteer gazetteer)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(gazetteer);
        if (lines.Count == 0 || lines[0] != Header)
            throw new LabelledPlacesException(source, 1, $"the first line must be the header \"{Header.Replace("\t", "\\t", StringComparison.Ordinal)}\"");
        var counties = gazetteer.Counties.Select(county => (county.ProvinceKey, county.Key)).ToHashSet();
        var provinces = gazetteer.Counties.Select(county => county.ProvinceKey).ToHashSet(StringComparer.Ordinal);
        var messages = new List<LabelledPlace>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0)
                continue;
            var columns = lines[i].Split('\t');
            if (columns.Length != 3 || string.IsNullOrWhiteSpace(columns[0]))
                throw new LabelledPlacesException(source, i + 1, "expected text, province and county (empty when none) separated by tabs");
            if (!provinces.Contains(columns[1]))
                throw new LabelledPlacesException(source, i + 1, $"unknown province \"{columns[1]}\"");
            var county = columns[2].Length == 0 ? null : columns[2];
            if (county is not null && !counties.Contains((columns[1], county)))
                throw new LabelledPlacesException(source, i + 1, $"\"{county}\" is not a county of {columns[1]} in the gazetteer");
            messages.Add(new LabelledPlace(columns[0], columns[1], county));
        }
        return messages;
    }

    public static PlaceEvaluationReport Evaluate(PlaceMatcher matcher, IReadOnlyList<LabelledPlace> messages)
    {
        ArgumentNullException.ThrowIfNull(matcher);
        ArgumentNullException.ThrowIfNull(messages);
        int inferred = 0, correct = 0, abstained = 0;
        var misses = new List<PlaceMiss>();
        foreach (var message in messages)
        {
            var inference = matcher.InferCounty(message.Text, message.ProvinceKey);
            if (inference.CountyKey is null)
                abstained++;
            else
                inferred++;
            if (inference.CountyKey is not null && inference.CountyKey == message.CountyKey)
                correct++;
            else if (inference.CountyKey != message.CountyKey)
                misses.Add(new PlaceMiss(message, inference));
        }
        return new PlaceEvaluationReport(messages.Count, messages.Count(message => message.CountyKey is not null), inferred, correct, abstained, misses);
    }
}
