using System.Globalization;
using System.Text;

namespace Feedback.Core.Trends;

/// <summary>
/// One cell of a <see cref="CsvTable"/>: text (from the data, so treated as untrusted) or a number the code
/// computed. Only text is guarded against formula injection: a number such as -12.5 stays a number a spreadsheet
/// can add up.
/// </summary>
public readonly record struct CsvValue
{
    private CsvValue(string text, bool isNumber)
    {
        Text = text;
        IsNumber = isNumber;
    }

    public string Text { get; }

    public bool IsNumber { get; }

    public static CsvValue Empty { get; } = new(string.Empty, isNumber: false);

    public static implicit operator CsvValue(string? text) => FromText(text);

    public static implicit operator CsvValue(long number) => FromNumber(number);

    public static CsvValue FromText(string? text) => new(text ?? string.Empty, isNumber: false);

    public static CsvValue FromNumber(long number) => new(number.ToString(CultureInfo.InvariantCulture), isNumber: true);

    /// <summary>Rounded to <paramref name="decimals"/> places, invariant culture; empty when there is no value.</summary>
    public static CsvValue FromNumber(double? number, int decimals) =>
        number is { } value ? new(Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.#########", CultureInfo.InvariantCulture), isNumber: true) : Empty;
}

/// <summary>
/// A CSV file as RFC 4180 writes it (comma separated, CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled) in UTF-8 with a byte order mark, so Excel opens Persian text as Persian. A text cell
/// that starts with = + - @ (or a tab or carriage return), also behind invisible characters, is prefixed with an
/// apostrophe, so a spreadsheet shows it instead of running it as a formula (CSV injection); bidirectional
/// controls are removed from text cells (<see cref="Privacy.ShownText"/>).
/// </summary>
public sealed class CsvTable
{
    private readonly List<IReadOnlyList<CsvValue>> rows = [];

    public CsvTable(params string[] header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Length == 0)
            throw new ArgumentException("a CSV table has at least one column", nameof(header));
        Header = header;
    }

    public IReadOnlyList<string> Header { get; }

    public void Add(params CsvValue[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Length != Header.Count)
            throw new ArgumentException($"the table has {Header.Count} columns, the row {row.Length}", nameof(row));
        rows.Add(row);
    }

    /// <summary>The file's text, without the byte order mark.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        AppendLine(text, Header.Select(CsvValue.FromText).ToArray());
        foreach (var row in rows)
            AppendLine(text, row);
        return text.ToString();
    }

    /// <summary>The file's bytes: the UTF-8 byte order mark, then the text.</summary>
    public byte[] ToUtf8WithBom() => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(ToString())];

    private static void AppendLine(StringBuilder text, IReadOnlyList<CsvValue> row)
    {
        for (var index = 0; index < row.Count; index++)
        {
            if (index > 0)
                text.Append(',');
            text.Append(Field(row[index]));
        }
        text.Append("\r\n");
    }

    private static string Field(CsvValue value)
    {
        var text = value.IsNumber ? value.Text : Privacy.ShownText.Clean(value.Text);
        var field = !value.IsNumber && StartsLikeAFormula(text) ? "'" + text : text;
        return field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }

    /// <summary>
    /// Whether the first character a spreadsheet acts on is = + - @ (or a tab or carriage return): invisible format
    /// characters (zero-width space, marks, the byte order mark) and spaces before it do not hide it.
    /// </summary>
    private static bool StartsLikeAFormula(string text)
    {
        foreach (var c in text)
        {
            if (c is '=' or '+' or '-' or '@' or '\t' or '\r')
                return true;
            if (c != ' ' && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format)
                return false;
        }
        return false;
    }
}
