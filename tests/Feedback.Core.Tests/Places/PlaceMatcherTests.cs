using Feedback.Core.Places;
using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Places;

public class PlaceMatcherTests
{
    private static readonly PlaceMatcher Matcher = Provinces.Places;

    [Theory]
    [InlineData("آب روستامون تو ابهر سه روزه قطعه", "abhar")]
    [InlineData("جاده قيدار به زنجان خیلی خرابه", "khodabandeh")]
    [InlineData("برق آب‌بر از صبح رفته", "tarom")]
    [InlineData("برق آب بر از صبح رفته", "tarom")]
    [InlineData("برق اببر از صبح رفته", "tarom")]
    [InlineData("من ابهری ام و اتوبوس نداریم", "abhar")]
    [InlineData("نانوایی های صائين قلعه کم پخت میکنن", "abhar")]
    public void A_county_or_one_of_its_towns_is_inferred_whatever_the_spelling(string text, string county) =>
        AssertInference(PlaceOutcome.Inferred, county, [county], Matcher.InferCounty(text, "zanjan"));

    [Theory]
    [InlineData("ابهرخانی")]
    [InlineData("شهرابهر")]
    public void Names_match_whole_words_only(string text) =>
        Assert.Equal(PlaceOutcome.NoPlace, Matcher.InferCounty(text, "zanjan").Outcome);

    [Fact]
    public void The_longest_name_wins() =>
        Assert.Equal("north-savadkuh", Matcher.InferCounty("جاده سوادکوه شمالی ریزش کرده", "mazandaran").CountyKey);

    [Theory]
    [InlineData("در بهار آب کم میشه", "hamadan", PlaceOutcome.NoPlace, null)]
    [InlineData("شهر بهار آب نداره", "hamadan", PlaceOutcome.Inferred, "bahar")]
    [InlineData("این نور کمه برای خیابون", "mazandaran", PlaceOutcome.NoPlace, null)]
    [InlineData("شهرداری نور جواب نمیده", "mazandaran", PlaceOutcome.Inferred, "nur")]
    [InlineData("هوا گرمه و برق رفته", "north-khorasan", PlaceOutcome.NoPlace, null)]
    public void A_name_that_is_also_a_common_word_counts_only_after_a_place_cue(string text, string province, PlaceOutcome outcome, string? county)
    {
        var inference = Matcher.InferCounty(text, province);

        Assert.Equal(outcome, inference.Outcome);
        Assert.Equal(county, inference.CountyKey);
    }

    [Fact]
    public void A_name_after_ostan_is_the_province_not_its_county() =>
        Assert.Equal(PlaceOutcome.NoPlace, Matcher.InferCounty("اداره کل راه استان زنجان جواب نمیده", "zanjan").Outcome);

    [Fact]
    public void A_provinces_full_name_is_not_read_as_its_counties() =>
        Assert.Equal(PlaceOutcome.NoPlace, Matcher.InferCounty("مردم کهگیلویه و بویراحمد گاز ندارن", "kohgiluyeh-boyer-ahmad").Outcome);

    [Fact]
    public void A_county_named_like_its_province_gives_way_to_another_county() =>
        Assert.Equal("abhar", Matcher.InferCounty("اداره آب زنجان به روستای ما تو ابهر رسیدگی نمیکنه", "zanjan").CountyKey);

    [Fact]
    public void The_county_named_like_its_province_is_inferred_when_it_is_the_only_one() =>
        Assert.Equal("zanjan", Matcher.InferCounty("پیاده‌روهای زنجان پر چاله‌ست", "zanjan").CountyKey);

    [Fact]
    public void Two_counties_of_the_province_are_no_inference() =>
        AssertInference(PlaceOutcome.Ambiguous, null, ["abhar", "khodabandeh"], Matcher.InferCounty("اتوبوس ابهر به قیدار حذف شده", "zanjan"));

    [Fact]
    public void A_place_of_another_province_is_ignored_for_one_of_the_items_province() =>
        Assert.Equal("abhar", Matcher.InferCounty("رفتم تبریز برگشتم دیدم آب ابهر قطعه", "zanjan").CountyKey);

    [Fact]
    public void Only_another_provinces_place_is_no_inference() =>
        Assert.Equal(PlaceOutcome.OtherProvince, Matcher.InferCounty("بیمارستان تبریز نوبت نمیده", "zanjan").Outcome);

    [Fact]
    public void A_name_two_counties_share_decides_nothing() =>
        AssertInference(PlaceOutcome.Ambiguous, null, ["torbat-heydarieh", "torbat-jam"], Matcher.InferCounty("جاده تربت خرابه", "khorasan-razavi"));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("سلام وقت بخیر قبض گاز نیومده")]
    public void A_text_without_a_place_has_none(string? text) =>
        AssertInference(PlaceOutcome.NoPlace, null, [], Matcher.InferCounty(text, "zanjan"));

    private static void AssertInference(PlaceOutcome outcome, string? county, string[] candidates, PlaceInference actual)
    {
        Assert.Equal(outcome, actual.Outcome);
        Assert.Equal(county, actual.CountyKey);
        Assert.Equal(candidates, actual.Candidates);
    }
}
