using Feedback.Core.Agencies;
using Feedback.Core.Input;
using Feedback.Core.Items;

namespace Feedback.Core.Tests.Agencies;

public class InboxFilterTests
{
    private static (InboxFilter? Filter, IReadOnlyList<FieldError> Errors) Parse(
        string? status = null, string? topic = null, string? sentiment = null, string? county = null, string? from = null, string? to = null, string? text = null) =>
        InboxFilter.Parse(status, topic, sentiment, county, from, to, text, "zanjan");

    [Fact]
    public void Every_filter_is_optional()
    {
        var (filter, errors) = Parse();

        Assert.Empty(errors);
        Assert.Equal(InboxFilter.None, filter);
    }

    [Fact]
    public void Values_are_read_as_the_api_documents_them()
    {
        var (filter, errors) = Parse("InProgress", "water", "negative", "abhar", "۱۴۰۵/۰۹/۰۱", "2026-11-30", "قطعی");

        Assert.Empty(errors);
        Assert.Equal(new InboxFilter(FeedbackStatus.InProgress, "water", "negative", "abhar", new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 30), "قطعی"), filter);
    }

    [Fact]
    public void The_date_range_covers_whole_tehran_days()
    {
        var (filter, _) = Parse(from: "1405/09/01", to: "1405/09/01");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.FromHours(3.5)), filter!.ReceivedFrom);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.FromHours(3.5)), filter.ReceivedBefore);
    }

    [Theory]
    [InlineData("received", null, null, null, null, null, "status")]
    [InlineData("3", null, null, null, null, null, "status")]
    [InlineData(null, "weather", null, null, null, null, "topic")]
    [InlineData(null, null, "angry", null, null, null, "sentiment")]
    [InlineData(null, null, null, "karaj", null, null, "county")]
    [InlineData(null, null, null, null, "1405/13/01", null, "from")]
    [InlineData(null, null, null, null, null, "yesterday", "to")]
    [InlineData(null, null, null, null, "1405/09/10", "1405/09/01", "to")]
    public void Each_bad_value_is_named(string? status, string? topic, string? sentiment, string? county, string? from, string? to, string field)
    {
        var (filter, errors) = Parse(status, topic, sentiment, county, from, to);

        Assert.Null(filter);
        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void A_search_finds_the_message_however_its_letters_and_digits_were_typed()
    {
        // Arabic yeh and kaf, Latin digits in the message; Persian letters and digits in the search.
        var filter = new InboxFilter(null, null, null, null, null, null, "کنتور ۳");

        Assert.True(filter.MatchesText("كنتور آب ما 3 روز است خراب است"));
        Assert.False(filter.MatchesText("کنتور برق خراب است"));
        Assert.True(InboxFilter.None.MatchesText("هر پیامی"));
    }
}
