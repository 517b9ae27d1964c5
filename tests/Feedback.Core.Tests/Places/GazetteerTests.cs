using Feedback.Classification.Normalization;
using Feedback.Core.Places;
using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Places;

public class GazetteerTests
{
    private static readonly Gazetteer Iran = Gazetteer.Iran;

    [Fact]
    public void Every_province_has_counties_and_every_county_a_known_province()
    {
        var provinceKeys = Provinces.All.Select(province => province.Key).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(provinceKeys.Order(StringComparer.Ordinal), Iran.Counties.Select(county => county.ProvinceKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.All(Iran.AmbiguousNames, name => Assert.Contains(name.ProvinceKey, provinceKeys));
    }

    [Fact]
    public void County_keys_are_lowercase_ascii_and_unique_within_their_province()
    {
        Assert.All(Iran.Counties, county => Assert.Matches("^[a-z]+(-[a-z]+)*$", county.Key));
        var repeated = Iran.Counties.GroupBy(county => (county.ProvinceKey, county.Key)).Where(group => group.Count() > 1).Select(group => group.Key);
        Assert.Empty(repeated);
    }

    [Fact]
    public void Every_county_has_its_name_and_its_county_town_among_its_names()
    {
        Assert.All(Iran.Counties, county =>
        {
            Assert.False(string.IsNullOrWhiteSpace(county.PersianName));
            Assert.False(string.IsNullOrWhiteSpace(county.SeatPersianName));
            Assert.Contains(county.Names, name => name.Text == county.PersianName);
            Assert.Contains(county.Names, name => name.Text == county.SeatPersianName);
        });
    }

    [Fact]
    public void Names_are_written_in_Persian_letters_without_Arabic_yeh_kaf_or_stray_spaces()
    {
        var names = Iran.Counties.SelectMany(county => county.Names).Select(name => name.Text);

        Assert.All(names, name =>
        {
            Assert.DoesNotMatch("[يكى]", name);
            Assert.Matches(@"^[\u0600-\u06FF\u200C]+( [\u0600-\u06FF\u200C]+)*$", name);
        });
    }

    /// <summary>
    /// Within a province every written form of a name (after the normalizer and the matcher's variants) points to one
    /// county, except the names the data declares ambiguous, and those are exactly the ones that collide.
    /// </summary>
    [Fact]
    public void Names_collide_within_a_province_only_where_the_data_declares_them_ambiguous()
    {
        var collisions = Iran.Counties
            .SelectMany(county => county.Names.SelectMany(name => Gazetteer.Spellings(name.Text)).Select(variant => (county.ProvinceKey, Name: PersianNormalizer.Normalize(variant), county.Key)))
            .Distinct()
            .GroupBy(entry => (entry.ProvinceKey, entry.Name))
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToHashSet();
        var declared = Iran.AmbiguousNames.Select(name => (name.ProvinceKey, Name: PersianNormalizer.Normalize(name.Name))).ToHashSet();

        Assert.Equal(declared.Order(), collisions.Order());
    }

    [Fact]
    public void The_data_holds_the_sources_430_counties()
    {
        Assert.Equal(430, Iran.Counties.Count);
        Assert.Equal(8, Iran.Counties.Count(county => county.ProvinceKey == Provinces.ZanjanKey));
        Assert.Equal(29, Iran.Counties.Count(county => county.ProvinceKey == "fars"));
        Assert.Equal(1, Iran.Counties.Count(county => county.ProvinceKey == "qom"));
    }

    [Fact]
    public void Common_word_names_are_marked_and_keep_the_mark_off_the_name()
    {
        var bam = Assert.Single(Iran.Counties, county => county.ProvinceKey == "kerman" && county.Key == "bam");

        Assert.Equal("بم", bam.PersianName);
        Assert.All(bam.Names.Where(name => name.Text == "بم"), name => Assert.True(name.IsCommonWord));
        Assert.DoesNotContain(Iran.Counties.SelectMany(county => county.Names), name => name.Text.Contains('~', StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_marked_as_a_common_word_is_marked_wherever_it_appears()
    {
        var marks = Iran.Counties.SelectMany(county => county.Names)
            .GroupBy(name => PersianNormalizer.Normalize(name.Text))
            .Where(group => group.Select(name => name.IsCommonWord).Distinct().Count() > 1)
            .Select(group => group.Key);

        Assert.Empty(marks);
    }

    [Fact]
    public void Spellings_cover_half_space_madda_and_hamza()
    {
        Assert.Equal(
            ["آب بر", "آببر", "آب‌بر", "اب بر", "اببر", "اب‌بر"],
            Gazetteer.Spellings("آب‌بر").Order(StringComparer.Ordinal));
        Assert.Contains("بویین‌زهرا", Gazetteer.Spellings("بوئین‌زهرا"));
    }

    [Theory]
    [InlineData("zanjan\tabhar\tابهر", "line 1: expected 4 or 5 tab-separated columns")]
    [InlineData("# header\nzanjan\tabhar\tابهر|\tابهر", "line 2: an empty name in the county names")]
    [InlineData("zanjan\tabhar\tابهر\tابهر|صائین‌قلعه", "line 1: the county town column holds exactly one name")]
    [InlineData("ambiguous\tzanjan", "line 1: an ambiguous row has three columns")]
    [InlineData("\tabhar\tابهر\tابهر", "line 1: the province and county key are required")]
    public void A_malformed_row_is_reported_with_its_line(string data, string expected)
    {
        var error = Assert.Throws<GazetteerFormatException>(() => Gazetteer.Parse(new StringReader(data), "test.tsv"));

        Assert.StartsWith("test.tsv " + expected, error.Message, StringComparison.Ordinal);
    }
}
