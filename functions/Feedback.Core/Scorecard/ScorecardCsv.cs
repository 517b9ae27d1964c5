using Feedback.Core.Trends;

namespace Feedback.Core.Scorecard;

/// <summary>
/// The scorecard as one CSV table (UTF-8 with BOM, <see cref="CsvTable"/>): a row per shown group, the table it
/// comes from first; shares in percent with one decimal, hours with one, satisfaction with two; empty where the
/// page shows «—».
/// </summary>
public static class ScorecardCsv
{
    public static CsvTable Of(ScorecardReport scorecard)
    {
        ArgumentNullException.ThrowIfNull(scorecard);
        var table = new CsvTable(
            "دوره", "سطح", "استان", "نام", "شناسه", "تعداد", "درصد منفی", "میانه ساعت تا رؤیت", "میانه ساعت تا پاسخ نهایی",
            "درصد موارد در مهلت", "میانگین رضایت از رسیدگی", "تعداد پاسخ‌های رضایت", "درصد بازگشایی");
        foreach (var (level, rows) in (ReadOnlySpan<(string, ScorecardTable)>)[("استان", scorecard.Provinces), ("دستگاه", scorecard.Agencies), ("دفتر پیشخوان", scorecard.CounterOffices)])
        {
            foreach (var row in rows.Rows)
            {
                table.Add(
                    scorecard.Period.Key, level, row.ProvinceName, row.Name, row.Key, row.Volume,
                    Percent(row.NegativeShare), CsvValue.FromNumber(row.MedianHoursToAcknowledge, 1), CsvValue.FromNumber(row.MedianHoursToClose, 1),
                    Percent(row.WithinSlaShare), CsvValue.FromNumber(row.ResolutionSatisfaction, 2), row.ResolutionAnswers, Percent(row.ReopenRate));
            }
        }
        return table;
    }

    private static CsvValue Percent(double? share) => CsvValue.FromNumber(share * 100, 1);
}
