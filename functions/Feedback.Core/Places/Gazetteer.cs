using System.Reflection;

namespace Feedback.Core.Places;

/// <summary>A name a place is known by; <see cref="IsCommonWord"/>: also an everyday word («بم», «نور»), so it counts only after a place cue.</summary>
public sealed record PlaceName(string Text, bool IsCommonWord);

/// <summary>A county (شهرستان) as the gazetteer lists it: its official name, its county town, and every name that points to it.</summary>
public sealed record GazetteerCounty(string ProvinceKey, string Key, string PersianName, string SeatPersianName, IReadOnlyList<PlaceName> Names);

/// <summary>A name two counties of one province share, declared in the data: it never decides a county on its own.</summary>
public sealed record AmbiguousName(string ProvinceKey, string Name);

/// <summary>The gazetteer file's content is not what the format (described in its header) says.</summary>
public sealed class GazetteerFormatException(string source, int line, string problem)
    : FormatException($"{source} line {line}: {problem}");

/// <summary>
/// Iran's counties with their towns, read from <c>gazetteer.tsv</c> (embedded; its header names the source and the
/// format). Data only: <see cref="PlaceMatcher"/> finds these names in text.
/// </summary>
public sealed class Gazetteer(IReadOnlyList<GazetteerCounty> counties, IReadOnlyList<AmbiguousName> ambiguousNames)
{
    private const string ResourceName = "Feedback.Core.Places.gazetteer.tsv";
    private const string AmbiguousRow = "ambiguous";
    private const char CommonWordMark = '~';

    public static Gazetteer Iran { get; } = LoadEmbedded();

    public IReadOnlyList<GazetteerCounty> Counties { get; } = counties;

    public IReadOnlyList<AmbiguousName> AmbiguousNames { get; } = ambiguousNames;

    /// <summary>
    /// The ways people write <paramref name="name"/> that the normalizer does not bring together: a half-space
    /// written joined or as a space, «آ» written «ا», «ئ» written «ی».
    /// </summary>
    public static IReadOnlySet<string> Spellings(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var spellings = new HashSet<string>(StringComparer.Ordinal) { name, name.Replace("\u200C", "", StringComparison.Ordinal), name.Replace('\u200C', ' ') };
        foreach (var spelling in spellings.ToArray())
        {
            spellings.Add(spelling.Replace('آ', 'ا'));
            spellings.Add(spelling.Replace('ئ', 'ی'));
            spellings.Add(spelling.Replace('آ', 'ا').Replace('ئ', 'ی'));
        }
        return spellings;
    }

    /// <exception cref="GazetteerFormatException">A row is malformed; the message says which.</exception>
    public static Gazetteer Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var counties = new List<GazetteerCounty>();
        var ambiguous = new List<AmbiguousName>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var columns = line.Split('\t');
            if (columns[0] == AmbiguousRow)
            {
                if (columns.Length != 3 || columns[1].Length == 0 || columns[2].Length == 0)
                    throw new GazetteerFormatException(source, lineNumber, "an ambiguous row has three columns: ambiguous, province, name");
                ambiguous.Add(new AmbiguousName(columns[1], columns[2]));
                continue;
            }
            if (columns.Length is < 4 or > 5)
                throw new GazetteerFormatException(source, lineNumber, $"expected 4 or 5 tab-separated columns (province, county key, county names, county town, other towns), found {columns.Length}");
            var countyNames = Names(columns[2], source, lineNumber, "county names");
            var seat = Names(columns[3], source, lineNumber, "county town");
            if (seat.Count != 1)
                throw new GazetteerFormatException(source, lineNumber, "the county town column holds exactly one name");
            var towns = columns.Length == 5 && columns[4].Length > 0 ? Names(columns[4], source, lineNumber, "other towns") : [];
            if (columns[0].Length == 0 || columns[1].Length == 0)
                throw new GazetteerFormatException(source, lineNumber, "the province and county key are required");
            counties.Add(new GazetteerCounty(columns[0], columns[1], countyNames[0].Text, seat[0].Text, [.. countyNames, .. seat, .. towns]));
        }
        return new Gazetteer(counties, ambiguous);
    }

    private static List<PlaceName> Names(string column, string source, int lineNumber, string what)
    {
        var names = new List<PlaceName>();
        foreach (var raw in column.Split('|'))
        {
            var isCommon = raw.StartsWith(CommonWordMark);
            var text = (isCommon ? raw[1..] : raw).Trim();
            if (text.Length == 0)
                throw new GazetteerFormatException(source, lineNumber, $"an empty name in the {what}");
            names.Add(new PlaceName(text, isCommon));
        }
        return names;
    }

    private static Gazetteer LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly has no {ResourceName} resource.");
        using var reader = new StreamReader(stream);
        return Parse(reader, "gazetteer.tsv");
    }
}
