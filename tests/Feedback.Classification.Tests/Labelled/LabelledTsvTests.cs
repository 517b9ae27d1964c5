using System.Text;
using Feedback.Classification.Labelled;

namespace Feedback.Classification.Tests.Labelled;

public sealed class LabelledTsvTests : IDisposable
{
    private const string Header = "text\tsentiment\ttopic";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("labelled-tsv-tests-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string WriteFile(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteFile(string name, string content) => WriteFile(name, Encoding.UTF8.GetBytes(content));

    private static IReadOnlyList<LabelledMessage> Parse(string content) => LabelledTsv.Parse(new StringReader(content), "test.tsv");

    [Fact]
    public void A_valid_file_is_read_row_by_row()
    {
        var path = WriteFile("valid.tsv", $"{Header}\nآب نداریم\tnegative\twater\nمرسی از شهرداری\tpositive\tmunicipality\nکی وصل میشه؟\tneutral\t-\n");

        var messages = LabelledTsv.Read(path);

        Assert.Equal(3, messages.Count);
        Assert.Equal(new LabelledMessage("آب نداریم", "negative", "water", 2), messages[0]);
        Assert.Equal(new LabelledMessage("مرسی از شهرداری", "positive", "municipality", 3), messages[1]);
        Assert.Equal(new LabelledMessage("کی وصل میشه؟", "neutral", null, 4), messages[2]);
    }

    [Theory]
    [InlineData("\"آب\" قطعه")]
    [InlineData("گفتند \"فردا\" ولی نیامدند")]
    [InlineData("\"")]
    [InlineData("'تک' \"دو\"")]
    public void Quotes_in_the_text_are_kept_as_they_are(string text)
    {
        var messages = Parse($"{Header}\n{text}\tnegative\twater\n");

        Assert.Equal(text, Assert.Single(messages).Text);
    }

    [Fact]
    public void Crlf_line_endings_are_read()
    {
        var messages = Parse($"{Header}\r\nآب نداریم\tnegative\twater\r\nمرسی\tpositive\t-\r\n");

        Assert.Equal(["آب نداریم", "مرسی"], messages.Select(message => message.Text));
        Assert.Equal(["water", null], messages.Select(message => message.Topic));
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes($"{Header}\nآب نداریم\tnegative\twater\n")).ToArray();
        var path = WriteFile("bom.tsv", bytes);

        var message = Assert.Single(LabelledTsv.Read(path));
        Assert.Equal("آب نداریم", message.Text);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_line_numbers_stay_those_of_the_file()
    {
        var messages = Parse($"{Header}\n\nآب نداریم\tnegative\twater\n\n\nمرسی\tpositive\t-\n\n");

        Assert.Equal([3, 6], messages.Select(message => message.Line));
    }

    [Fact]
    public void A_file_with_only_the_header_has_no_rows() => Assert.Empty(Parse(Header + "\n"));

    [Fact]
    public void Labels_around_spaces_are_trimmed()
    {
        var message = Assert.Single(Parse($"{Header}\nآب نداریم\t negative \t water \n"));

        Assert.Equal(("negative", "water"), (message.Sentiment, message.Topic));
    }

    [Theory]
    [InlineData("text\tlabel\ttopic\nآب\tnegative\twater\n", 1, "header")]
    [InlineData("text,sentiment,topic\nآب\tnegative\twater\n", 1, "header")]
    [InlineData("آب نداریم\tnegative\twater\n", 1, "header")]
    [InlineData("\ntext\tsentiment\ttopic\n", 1, "header")]
    [InlineData("text\tsentiment\n", 1, "header")]
    [InlineData("text\tsentiment\ttopic\nآب نداریم\tnegative\n", 2, "found 2")]
    [InlineData("text\tsentiment\ttopic\nآب\tnegative\twater\nآب نداریم\tnegative\twater\textra\n", 3, "found 4")]
    [InlineData("text\tsentiment\ttopic\nآب نداریم\n", 2, "found 1")]
    [InlineData("text\tsentiment\ttopic\n\tnegative\twater\n", 2, "text is empty")]
    [InlineData("text\tsentiment\ttopic\n   \tnegative\twater\n", 2, "text is empty")]
    [InlineData("text\tsentiment\ttopic\nآب نداریم\tangry\twater\n", 2, "unknown sentiment 'angry'")]
    [InlineData("text\tsentiment\ttopic\nآب نداریم\t\twater\n", 2, "unknown sentiment")]
    [InlineData("text\tsentiment\ttopic\nآب نداریم\tnegative\troads\n", 2, "unknown topic 'roads'")]
    [InlineData("text\tsentiment\ttopic\nآب نداریم\tnegative\t\n", 2, "unknown topic")]
    [InlineData("text\tsentiment\ttopic\nآب\tnegative\twater\n\nآب نداریم\tNegative\twater\n", 4, "unknown sentiment 'Negative'")]
    public void A_malformed_file_names_the_line_and_the_problem(string content, int line, string problem)
    {
        var path = WriteFile("bad.tsv", content);

        var exception = Assert.Throws<LabelledTsvException>(() => LabelledTsv.Read(path));

        Assert.Equal(line, exception.Line);
        Assert.Contains(problem, exception.Problem);
        Assert.Equal(path, exception.SourceName);
        Assert.StartsWith($"{path}:{line}: ", exception.Message);
        Assert.Contains(problem, exception.Message);
    }

    [Fact]
    public void An_empty_file_is_rejected()
    {
        var path = WriteFile("empty.tsv", []);

        var exception = Assert.Throws<LabelledTsvException>(() => LabelledTsv.Read(path));

        Assert.Equal(0, exception.Line);
        Assert.Contains("empty", exception.Message);
        Assert.Contains(path, exception.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        var bytes = Encoding.UTF8.GetBytes("text\tsentiment\t").Concat(new byte[] { 0xC3, 0x28, 0xFF }).Concat(Encoding.UTF8.GetBytes("\nآب\tnegative\twater\n")).ToArray();
        var path = WriteFile("latin.tsv", bytes);

        var exception = Assert.Throws<LabelledTsvException>(() => LabelledTsv.Read(path));

        Assert.Equal(1, exception.Line);
        Assert.Contains("UTF-8", exception.Message);
        Assert.Contains(path, exception.Message);
    }

    [Fact]
    public void A_file_in_another_encoding_is_rejected()
    {
        var windows1256Bytes = new byte[] { 0xC2, 0xE1, 0x20, 0xE4, 0xCF, 0xC7, 0xD1, 0xED, 0xE3 };
        var bytes = Encoding.UTF8.GetBytes(Header + "\n").Concat(windows1256Bytes).Concat(Encoding.UTF8.GetBytes("\tnegative\twater\n")).ToArray();
        var path = WriteFile("ansi.tsv", bytes);

        var exception = Assert.Throws<LabelledTsvException>(() => LabelledTsv.Read(path));

        Assert.Contains("UTF-8", exception.Problem);
    }

    [Fact]
    public void A_missing_file_is_rejected_with_its_path()
    {
        var path = Path.Combine(_directory.FullName, "missing.tsv");

        var exception = Assert.Throws<LabelledTsvException>(() => LabelledTsv.Read(path));

        Assert.Contains(path, exception.Message);
        Assert.Contains("not found", exception.Message);
    }

    [Theory]
    [InlineData("a\tb", "a b")]
    [InlineData("a\nb", "a b")]
    [InlineData("a\r\nb", "a b")]
    [InlineData("a\n\n\tb", "a b")]
    [InlineData("\tاول\nدوم\t", " اول دوم ")]
    [InlineData("a  b", "a  b")]
    [InlineData("بدون فاصله", "بدون فاصله")]
    [InlineData("", "")]
    public void ToSingleLine_turns_tabs_and_newlines_into_single_spaces(string text, string expected) =>
        Assert.Equal(expected, LabelledTsv.ToSingleLine(text));

    [Fact]
    public void Written_rows_read_back()
    {
        var writer = new StringWriter();
        LabelledTsv.Write(writer, [("آب\tنداریم\nاز دیروز", "negative", "water"), ("مرسی \"خیلی\" خوب", "positive", null)]);

        var messages = Parse(writer.ToString());

        Assert.Equal(
            [new LabelledMessage("آب نداریم از دیروز", "negative", "water", 2), new LabelledMessage("مرسی \"خیلی\" خوب", "positive", null, 3)],
            messages);
    }
}
