using System.Text;
using Feedback.Classification.Taxonomy;

namespace Feedback.Classification.Labelled;

/// <summary>Reads and writes the labelled-TSV format of shared/taxonomy.md: header, then text, sentiment, topic.</summary>
public static class LabelledTsv
{
    public const string Header = "text\tsentiment\ttopic";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<LabelledMessage> Read(string path) => Parse(ReadBytes(path), path);

    public static IReadOnlyList<LabelledMessage> Parse(byte[] bytes, string source) => Parse(new StringReader(DecodeStrictly(bytes, source)), source);

    internal static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new LabelledTsvException(path, 0, exception is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file ({exception.Message})");
        }
    }

    /// <summary>Decodes UTF-8 line by line, so that invalid bytes are reported on the line that holds them.</summary>
    private static string DecodeStrictly(byte[] bytes, string source)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
            span = span[Encoding.UTF8.Preamble.Length..];
        var text = new StringBuilder(span.Length);
        var line = 1;
        while (!span.IsEmpty)
        {
            var end = span.IndexOf((byte)'\n');
            var lineBytes = end < 0 ? span : span[..(end + 1)];
            try
            {
                text.Append(StrictUtf8.GetString(lineBytes));
            }
            catch (DecoderFallbackException)
            {
                throw new LabelledTsvException(source, line, "not valid UTF-8");
            }
            span = span[lineBytes.Length..];
            line++;
        }
        return text.ToString();
    }

    public static IReadOnlyList<LabelledMessage> Parse(TextReader reader, string source)
    {
        var messages = new List<LabelledMessage>();
        var lineNumber = 0;
        while (true)
        {
            var line = reader.ReadLine();
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
