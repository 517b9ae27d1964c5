using Feedback.Core.Routing;
using Feedback.Core.Time;

namespace Feedback.Core.Trends;

/// <summary>
/// The governorate dashboard's figures for a province and period: read from the trend counters (the period and the
/// previous one, never the items) and the SLA breaches, then added up by <see cref="TrendReportBuilder"/>.
/// </summary>
public sealed class TrendDashboard(ITrendCounters counters, ISlaBreachReader breaches, RoutingSource routing)
{
    public async Task<TrendReport> ReportAsync(string province, TrendPeriod period, TrendFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var counts = counters.ReadAsync(province, period.Previous.From, period.To, cancellationToken);
        var flagged = breaches.ReadAsync(province, JalaliDays.StartOf(period.From), JalaliDays.StartOf(period.To.AddDays(1)), cancellationToken);
        await Task.WhenAll(counts, flagged);
        return TrendReportBuilder.Build(period, filter, await counts, await flagged, new TrendLabels(province, routing.Current));
    }
}
