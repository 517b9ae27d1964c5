using System.Text;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Training;

/// <summary>Reads and writes the labelled-TSV format of shared/taxonomy.md: header, then text, sentiment, topic.</summary>
public static class LabelledTsv
{
    public const string Header = "text\tsentiment\ttopic";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<LabelledMessage> Read(string path)
    {
        if (!File.Exists(path))
            throw new LabelledTsvException(path, 0, "file not found");
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        return Parse(reader, path);
    }

    public static IReadOnlyList<LabelledMessage> Parse(TextReader reader, string source)
    {
        var messages = new List<LabelledMessage>();
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                throw new LabelledTsvException(source, lineNumber + 1, "not valid UTF-8");
            }
            if (line is null)
                break;
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!string.Equals(line.TrimStart('\uFEFF'), Header, StringComparison.Ordinal))
                    throw new LabelledTsvException(source, 1, $"expected the header 'text<TAB>sentiment<TAB>topic', found '{Shorten(line)}'");
                continue;
            }
            if (line.Length == 0)
                continue;
            messages.Add(ParseRow(line, source, lineNumber));
        }
        if (lineNumber == 0)
            throw new LabelledTsvException(source, 0, "file is empty (expected the header 'text<TAB>sentiment<TAB>topic')");
        return messages;
    }

    private static LabelledMessage ParseRow(string line, string source, int lineNumber)
    {
        var fields = line.Split('\t');
        if (fields.Length != 3)
            throw new LabelledTsvException(source, lineNumber, $"expected 3 tab-separated fields (text, sentiment, topic), found {fields.Length}");
        var (text, sentiment, topic) = (fields[0], fields[1].Trim(), fields[2].Trim());
        if (string.IsNullOrWhiteSpace(text))
            throw new LabelledTsvException(source, lineNumber, "text is empty");
        if (FeedbackTaxonomy.SentimentIndex(sentiment) < 0)
            throw new LabelledTsvException(source, lineNumber, $"unknown sentiment '{Shorten(sentiment)}' (expected {string.Join(", ", FeedbackTaxonomy.SentimentKeys)})");
        if (topic != FeedbackTaxonomy.UnlabelledTopic && FeedbackTaxonomy.TopicIndex(topic) < 0)
            throw new LabelledTsvException(source, lineNumber, $"unknown topic '{Shorten(topic)}' (expected one of {string.Join(", ", FeedbackTaxonomy.TopicKeys)}, or '-' for none)");
        return new LabelledMessage(text, sentiment, topic == FeedbackTaxonomy.UnlabelledTopic ? null : topic, lineNumber);
    }

    public static void Write(TextWriter writer, IEnumerable<(string Text, string Sentiment, string? Topic)> rows)
    {
        writer.Write(Header);
        writer.Write('\n');
        foreach (var (text, sentiment, topic) in rows)
        {
            writer.Write(ToSingleLine(text));
            writer.Write('\t');
            writer.Write(sentiment);
            writer.Write('\t');
            writer.Write(topic ?? FeedbackTaxonomy.UnlabelledTopic);
            writer.Write('\n');
        }
    }

    /// <summary>Tabs and newlines inside a message are written as a single space, as the format requires.</summary>
    public static string ToSingleLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var previousWasBreak = false;
        foreach (var c in text)
        {
            var isBreak = c is '\t' or '\n' or '\r';
            if (isBreak && !previousWasBreak)
                builder.Append(' ');
            else if (!isBreak)
                builder.Append(c);
            previousWasBreak = isBreak;
        }
        return builder.ToString();
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
