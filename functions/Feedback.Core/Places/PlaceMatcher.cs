using Feedback.Classification.Normalization;

namespace Feedback.Core.Places;

/// <summary>What <see cref="PlaceMatcher.InferCounty"/> concluded for one text and province.</summary>
public enum PlaceOutcome
{
    /// <summary>The text names no place the gazetteer knows.</summary>
    NoPlace,

    /// <summary>The text names one county of the province (<see cref="PlaceInference.CountyKey"/>).</summary>
    Inferred,

    /// <summary>The text names two or more counties of the province, or a name they share: no inference.</summary>
    Ambiguous,

    /// <summary>The text names places, but none in the province: no inference.</summary>
    OtherProvince,
}

/// <summary>The county inferred from a text, with the counties of the province it named when it could not decide.</summary>
public sealed record PlaceInference(PlaceOutcome Outcome, string? CountyKey, IReadOnlyList<string> Candidates)
{
    public static PlaceInference None { get; } = new(PlaceOutcome.NoPlace, null, []);
}

/// <summary>One place name found in a text, at token <see cref="Position"/>, with every county it can mean.</summary>
public sealed record PlaceMention(int Position, string Name, IReadOnlyList<GazetteerCounty> Counties);

/// <summary>
/// Finds the gazetteer's place names in a text and infers the county it happened in. The rules, in order:
/// <list type="number">
/// <item>The text and every name (in each of its <see cref="Gazetteer.Spellings"/>) go through <see cref="PersianNormalizer"/> (Arabic ي/ك, half-spaces, digits), and names
/// match whole tokens only; the longest name starting at a token wins («سوادکوه شمالی» over «سوادکوه»). A name written
/// with «ی» joined («ابهری», someone from Abhar) counts as the name when it is not itself a name.</item>
/// <item>A name that is also a common word (marked in the data) counts only right after a place cue
/// (<see cref="PlaceCues"/>): «شهر بم» names Bam, «در بهار» is "in spring".</item>
/// <item>A name right after «استان» is the province, not its namesake county; so is a province's full name
/// («کهگیلویه و بویراحمد»).</item>
/// <item>Only counties of the item's province count; names of other provinces' places are ignored.</item>
/// <item>A county named like its province («زنجان» in Zanjan) is often said for the whole province: another county
/// of the province named in the same text wins over it.</item>
/// <item>One county left: inferred. Two or more (or a name two counties share): no inference.</item>
/// </list>
/// </summary>
public sealed class PlaceMatcher
{
    /// <summary>Words that say the next one is a place: only after one does a place name that is also a common word count.</summary>
    public static IReadOnlySet<string> PlaceCues { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "شهر", "شهرستان", "شهرداری", "فرمانداری", "بخش", "بخشداری", "روستا", "روستای", "شهرک", "اهل", "ساکن",
    };

    private const string ProvinceWord = "استان";
    private const string DemonymSuffix = "ی";
    private const int ShortestDemonymStem = 3;

    private readonly Dictionary<string, List<Entry>> names = new(StringComparer.Ordinal);
    private readonly HashSet<string> provinceNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> provinceNameOfKey = new(StringComparer.Ordinal);
    private readonly int longestName;

    /// <param name="gazetteer">The places.</param>
    /// <param name="provinces">Each province's key and Persian name.</param>
    public PlaceMatcher(Gazetteer gazetteer, IEnumerable<(string Key, string PersianName)> provinces)
    {
        ArgumentNullException.ThrowIfNull(gazetteer);
        ArgumentNullException.ThrowIfNull(provinces);
        foreach (var (key, persianName) in provinces)
        {
            provinceNameOfKey[key] = PersianNormalizer.Normalize(persianName);
            foreach (var variant in Gazetteer.Spellings(persianName))
                provinceNames.Add(PersianNormalizer.Normalize(variant));
        }
        foreach (var county in gazetteer.Counties)
        {
            foreach (var name in county.Names)
            {
                foreach (var variant in Gazetteer.Spellings(name.Text))
                {
                    var normalized = PersianNormalizer.Normalize(variant);
                    if (!names.TryGetValue(normalized, out var entries))
                        names[normalized] = entries = [];
                    if (!entries.Any(entry => entry.County == county && entry.IsCommonWord == name.IsCommonWord))
                        entries.Add(new Entry(county, name.IsCommonWord));
                }
            }
        }
        longestName = names.Keys.Concat(provinceNames).Max(name => name.Split(' ').Length);
    }

    /// <summary>Every place name in <paramref name="text"/>, in order, after the rules on common words and «استان».</summary>
    public IReadOnlyList<PlaceMention> FindMentions(string? text)
    {
        var tokens = PersianNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var mentions = new List<PlaceMention>();
        var i = 0;
        while (i < tokens.Length)
        {
            var afterCue = i > 0 && PlaceCues.Contains(tokens[i - 1]);
            var afterProvinceWord = i > 0 && tokens[i - 1] == ProvinceWord;
            var matched = 0;
            for (var length = Math.Min(longestName, tokens.Length - i); length >= 1 && matched == 0; length--)
            {
                var candidate = string.Join(' ', tokens, i, length);
                var counties = CountiesNamed(candidate, afterCue);
                var isProvince = provinceNames.Contains(candidate);
                if (counties.Count == 0 && !isProvince)
                    continue;
                matched = length;
                if (counties.Count > 0 && !afterProvinceWord)
                    mentions.Add(new PlaceMention(i, candidate, counties));
            }
            if (matched == 0 && DemonymStem(tokens[i]) is { } stem)
            {
                var counties = CountiesNamed(stem, afterCue: false);
                if (counties.Count > 0 && !afterProvinceWord)
                    mentions.Add(new PlaceMention(i, stem, counties));
                matched = 1;
            }
            i += Math.Max(matched, 1);
        }
        return mentions;
    }

    /// <summary>The county of <paramref name="provinceKey"/> that <paramref name="text"/> says it happened in, by the rules above.</summary>
    public PlaceInference InferCounty(string? text, string provinceKey)
    {
        var mentions = FindMentions(text);
        if (mentions.Count == 0)
            return PlaceInference.None;
        var inProvince = mentions
            .Select(mention => (mention, Keys: mention.Counties.Where(county => county.ProvinceKey == provinceKey).Select(county => county.Key).Distinct(StringComparer.Ordinal).ToArray()))
            .Where(found => found.Keys.Length > 0)
            .ToArray();
        if (inProvince.Length == 0)
            return new PlaceInference(PlaceOutcome.OtherProvince, null, []);
        var provinceName = provinceNameOfKey.GetValueOrDefault(provinceKey);
        var specific = inProvince.Where(found => found.mention.Name != provinceName).ToArray();
        var deciding = specific.Length > 0 ? specific : inProvince;
        var candidates = deciding.SelectMany(found => found.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return candidates.Length == 1
            ? new PlaceInference(PlaceOutcome.Inferred, candidates[0], candidates)
            : new PlaceInference(PlaceOutcome.Ambiguous, null, candidates);
    }

    private List<GazetteerCounty> CountiesNamed(string normalizedName, bool afterCue) =>
        names.TryGetValue(normalizedName, out var entries)
            ? entries.Where(entry => afterCue || !entry.IsCommonWord).Select(entry => entry.County).Distinct().ToList()
            : [];

    /// <summary>«ابهری» → «ابهر»: the stem, when the token is a name plus «ی» and not a name itself.</summary>
    private string? DemonymStem(string token)
    {
        if (token.Length <= ShortestDemonymStem || !token.EndsWith(DemonymSuffix, StringComparison.Ordinal) || names.ContainsKey(token))
            return null;
        var stem = token[..^DemonymSuffix.Length];
        return names.ContainsKey(stem) ? stem : null;
    }

    private sealed record Entry(GazetteerCounty County, bool IsCommonWord);
}
