using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Trends;

public class TrendCsvTests
{
    private static readonly DateOnly First = new(2025, 10, 4);
    private static readonly TrendLabels Labels = new(Provinces.ZanjanKey, DemoRoutingData.CreateTable());

    private static TrendReport Report() => TrendReportBuilder.Build(
        new TrendPeriod(First, First.AddDays(1), TrendGranularity.Day),
        TrendFilter.None,
        [
            new TrendCount(First, new TrendCell("water", "negative", "zanjan-water-wastewater", "abhar", 2), 3),
            new TrendCount(First.AddDays(1), new TrendCell("water", "positive", "zanjan-water-wastewater", null, null), 1),
        ],
        [new SlaBreach(TrackingCode.FromCanonical("1000000018")!, "zanjan-water-wastewater", SlaBreach.Resolve, "water", new DateTimeOffset(2025, 10, 4, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 10, 5, 6, 0, 0, TimeSpan.Zero))],
        Labels);

    private static string[] Lines(CsvTable table) => table.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_series_lists_each_bar_with_jalali_dates_counts_shares_and_mean_rating()
    {
        Assert.Equal(
        [
            "از تاریخ,تا تاریخ,تعداد,منفی,خنثی,مثبت,درصد منفی,درصد خنثی,درصد مثبت,تعداد امتیازها,میانگین رضایت",
            "1404/07/12,1404/07/12,3,3,0,0,100,0,0,3,2",
            "1404/07/13,1404/07/13,1,0,0,1,0,0,100,0,",
        ],
        Lines(TrendCsv.Of(Report(), TrendView.Series)));
    }

    [Fact]
    public void A_breakdown_lists_keys_and_persian_names()
    {
        var lines = Lines(TrendCsv.Of(Report(), TrendView.Counties));

        Assert.Equal("کلید,شهرستان,تعداد,منفی,خنثی,مثبت,درصد منفی,درصد خنثی,درصد مثبت,تعداد امتیازها,میانگین رضایت", lines[0]);
        Assert.Equal("abhar,ابهر,3,3,0,0,100,0,0,3,2", lines[1]);
        Assert.Equal($",{TrendLabels.NoCounty},1,0,0,1,0,0,100,0,", lines[2]);
    }

    [Fact]
    public void The_sla_view_lists_each_breach_in_tehran_time()
    {
        Assert.Equal(
        [
            "کد پیگیری,دستگاه,نوع,موضوع,مهلت,زمان ثبت تأخیر",
            "1000000018,شرکت آب و فاضلاب استان زنجان,رسیدگی نشده در مهلت,آب و فاضلاب,1404/07/12 09:30,1404/07/13 09:30",
        ],
        Lines(TrendCsv.Of(Report(), TrendView.Sla)));
    }

    [Fact]
    public void The_items_view_shows_what_a_drill_down_lists_and_nothing_more()
    {
        var item = new DrillDownItem(
            "1000000018", DateTimeOffset.UnixEpoch, "1404/07/12 09:30", "water", "آب و فاضلاب", "negative", "منفی",
            "zanjan-water-wastewater", "شرکت آب و فاضلاب استان زنجان", null, TrendLabels.NoCounty, 2, "routed", "ارجاع شده", true, "=آب *** قطع است");

        var lines = Lines(TrendCsv.Of(new DrillDownResult([item], Truncated: false)));

        Assert.Equal("کد پیگیری,زمان دریافت,موضوع,احساس,دستگاه,شهرستان,امتیاز,وضعیت,نیاز به بازبینی,گزیده متن", lines[0]);
        Assert.Equal("1000000018,1404/07/12 09:30,آب و فاضلاب,منفی,شرکت آب و فاضلاب استان زنجان,نامشخص,2,ارجاع شده,بله,'=آب *** قطع است", lines[1]);
    }

    [Fact]
    public void A_routed_items_event_carries_its_tehran_day_time_received_and_dimensions()
    {
        var item = new FeedbackItem
        {
            TrackingCode = TrackingCode.FromCanonical("1000000005")!,
            Channel = FeedbackChannel.Sms,
            Text = "۵",
            Province = Provinces.ZanjanKey,
            County = "tarom",
            Rating = 5,
            ReceivedAt = new DateTimeOffset(2025, 9, 30, 21, 0, 0, TimeSpan.Zero),
            Status = FeedbackStatus.Routed,
            Assessment = new Assessment("positive", 1, "health", 0.9, false, "None", "zanjan-medical-sciences-university", "rule"),
        };

        var trendEvent = TrendEvent.Of(item);

        Assert.Equal(new TrendEvent(TrackingCode.FromCanonical("1000000005")!, Provinces.ZanjanKey, new DateOnly(2025, 10, 1), new TrendCell("health", "positive", "zanjan-medical-sciences-university", "tarom", 5), TimeReceived: new TimeOnly(0, 30)), trendEvent);
        Assert.Throws<ArgumentException>(() => TrendEvent.Of(item with { Assessment = null }));
    }
}
