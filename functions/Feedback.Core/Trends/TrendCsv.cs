namespace Feedback.Core.Trends;

/// <summary>The dashboard's views, each exportable as CSV.</summary>
public enum TrendView
{
    Series,
    Topics,
    Agencies,
    Counties,
    Rising,
    Sla,
    Items,
}

/// <summary>
/// Each dashboard view as a <see cref="CsvTable"/> with Persian column names, as the page's tables show it: dates
/// Jalali (Latin digits, so a spreadsheet keeps them as they are), shares in percent with one decimal, averages
/// with two.
/// </summary>
public static class TrendCsv
{
    private static readonly string[] TallyColumns = ["تعداد", "منفی", "خنثی", "مثبت", "درصد منفی", "درصد خنثی", "درصد مثبت", "تعداد امتیازها", "میانگین رضایت"];

    public static CsvTable Of(TrendReport report, TrendView view)
    {
        ArgumentNullException.ThrowIfNull(report);
        return view switch
        {
            TrendView.Series => Series(report),
            TrendView.Topics => Breakdown("موضوع", report.ByTopic),
            TrendView.Agencies => Breakdown("دستگاه", report.ByAgency),
            TrendView.Counties => Breakdown("شهرستان", report.ByCounty),
            TrendView.Rising => Rising(report),
            TrendView.Sla => Sla(report),
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, "the items view is exported from a drill-down"),
        };
    }

    public static CsvTable Of(DrillDownResult drillDown)
    {
        ArgumentNullException.ThrowIfNull(drillDown);
        var table = new CsvTable("کد پیگیری", "زمان دریافت", "موضوع", "احساس", "دستگاه", "شهرستان", "امتیاز", "وضعیت", "نیاز به بازبینی", "گزیده متن");
        foreach (var item in drillDown.Items)
        {
            table.Add(
                item.TrackingCode,
                item.ReceivedAtJalali,
                item.TopicLabel,
                item.SentimentLabel,
                item.AgencyLabel,
                item.CountyLabel,
                item.Rating is { } rating ? rating : CsvValue.Empty,
                item.StatusLabel,
                item.NeedsReview ? "بله" : "خیر",
                item.Excerpt);
        }
        return table;
    }

    private static CsvTable Series(TrendReport report)
    {
        var table = new CsvTable(["از تاریخ", "تا تاریخ", .. TallyColumns]);
        foreach (var point in report.Series)
            table.Add([point.StartJalali, point.EndJalali, .. TallyCells(point.Tally)]);
        return table;
    }

    private static CsvTable Breakdown(string keyColumn, IReadOnlyList<TrendBreakdownRow> rows)
    {
        var table = new CsvTable(["کلید", keyColumn, .. TallyColumns]);
        foreach (var row in rows)
            table.Add([row.Key, row.Label, .. TallyCells(row.Tally)]);
        return table;
    }

    private static CsvTable Rising(TrendReport report)
    {
        var table = new CsvTable("کلید", "موضوع", "درصد منفی", "درصد منفی دوره قبل", "افزایش (واحد درصد)", "تعداد", "تعداد دوره قبل");
        foreach (var rise in report.RisingNegative)
            table.Add(rise.Topic, rise.Label, Percent(rise.NegativeShare), Percent(rise.PreviousNegativeShare), Percent(rise.Rise), rise.Volume, rise.PreviousVolume);
        return table;
    }

    private static CsvTable Sla(TrendReport report)
    {
        var table = new CsvTable("کد پیگیری", "دستگاه", "نوع", "موضوع", "مهلت", "زمان ثبت تأخیر");
        foreach (var breach in report.SlaBreaches.Latest)
            table.Add(breach.TrackingCode, breach.AgencyLabel, breach.KindLabel, breach.TopicLabel, breach.DueAtJalali, breach.FlaggedAtJalali);
        return table;
    }

    private static CsvValue[] TallyCells(TrendTally tally) =>
    [
        tally.Volume,
        tally.Negative,
        tally.Neutral,
        tally.Positive,
        Percent(tally.NegativeShare),
        Percent(tally.NeutralShare),
        Percent(tally.PositiveShare),
        tally.Rated,
        CsvValue.FromNumber(tally.AverageRating, 2),
    ];

    private static CsvValue Percent(double? share) => CsvValue.FromNumber(share * 100, 1);
}
