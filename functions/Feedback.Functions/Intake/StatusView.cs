using System.Globalization;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Functions.Intake;

/// <summary>What the status look-up shows a citizen: status, who handles it, history in Tehran time and the Jalali calendar; no personal data.</summary>
public sealed record StatusView(string TrackingCode, string Status, string ReceivedAt, string? Topic, string? Agency, IReadOnlyList<StatusStepView> History)
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private static readonly PersianCalendar Jalali = new();

    public static StatusView Of(FeedbackItem item, RoutingTable routing) => new(
        item.TrackingCode,
        item.Status.ToString().ToLowerInvariant(),
        JalaliTehran(item.ReceivedAt),
        item.Assessment?.Topic,
        item.Assessment is { } assessment ? routing.FindAgency(assessment.AgencyKey)?.PersianName ?? assessment.AgencyKey : null,
        item.History.Select(step => new StatusStepView(JalaliTehran(step.At), step.Status.ToString().ToLowerInvariant(), step.Note)).ToArray());

    /// <summary>"1405/09/01 14:30": the date people read, in the time zone they live in.</summary>
    public static string JalaliTehran(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Tehran).DateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{Jalali.GetYear(local):D4}/{Jalali.GetMonth(local):D2}/{Jalali.GetDayOfMonth(local):D2} {local:HH:mm}");
    }
}

public sealed record StatusStepView(string At, string Status, string Note);
