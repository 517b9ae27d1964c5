using System.Globalization;
using Feedback.Classification.Taxonomy;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Functions.Access;

namespace Feedback.Functions.Trends;

/// <summary>
/// What a dashboard request asks for, read and checked from its query string: <c>province</c> (the user's own by
/// default), <c>from</c> and <c>to</c> (Jalali dates, any digits; the last 30 Tehran days by default, at most
/// <see cref="TrendPeriod.MaxDays"/>), <c>granularity</c> (day or week), and the filters <c>topic</c>,
/// <c>sentiment</c>, <c>agency</c> and <c>county</c> (keys). An agency's staff see their own agency's figures only:
/// the agency filter is theirs, whatever the query says (another agency's is refused).
/// </summary>
internal sealed record TrendRequest(string Province, TrendPeriod Period, TrendFilter Filter)
{
    public const int DefaultDays = 30;

    /// <summary>The request, or the problem to answer: 400 naming each bad field, or 403 for a province the user may not see.</summary>
    public static (TrendRequest? Request, IResult? Problem) Read(IQueryCollection query, StaffUser staff, string deploymentProvince, RoutingTable routing, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var province = Text(query, "province") ?? staff.Province ?? deploymentProvince;
        if (Provinces.Find(province) is null)
            errors["province"] = ["not a province key (e.g. zanjan)"];

        var to = Day(query, "to", today, errors);
        var from = Day(query, "from", to.AddDays(1 - DefaultDays), errors);
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to") && TrendPeriod.Problem(from, to) is { } rangeProblem)
            errors["to"] = [rangeProblem];

        var granularity = Text(query, "granularity") switch
        {
            null or "day" => TrendGranularity.Day,
            "week" => TrendGranularity.Week,
            _ => Invalid(errors, "granularity", "day or week", TrendGranularity.Day),
        };
        var filter = new TrendFilter(
            Key(query, "topic", FeedbackTaxonomy.TopicKeys.Contains, "a topic key of the taxonomy", errors),
            Key(query, "sentiment", FeedbackTaxonomy.SentimentKeys.Contains, "negative, neutral or positive", errors),
            Key(query, "agency", key => routing.FindAgency(key)?.ProvinceKey == province, "an agency key of the province", errors),
            Key(query, "county", key => Provinces.FindCounty(province, key) is not null, "a county key of the province", errors));

        if (errors.Count > 0)
            return (null, Http.Problems.Validation(errors));
        if (!staff.CanSeeProvince(province))
            return (null, Http.Problems.Status(StatusCodes.Status403Forbidden, "Not allowed", $"your role does not cover the province {province}"));
        if (staff.Role == StaffRole.AgencyStaff)
        {
            if (staff.AgencyKey is null || (filter.AgencyKey is not null && filter.AgencyKey != staff.AgencyKey))
                return (null, Http.Problems.Status(StatusCodes.Status403Forbidden, "Not your agency", "agency staff see their own agency's figures only"));
            filter = filter with { AgencyKey = staff.AgencyKey };
        }
        return (new TrendRequest(province, new TrendPeriod(from, to, granularity), filter), null);
    }

    /// <summary>A file name that says what the export holds, in ASCII: trends-zanjan-14040709-14040807-topics.csv.</summary>
    public string FileName(string view) =>
        $"trends-{Province}-{JalaliDays.Format(Period.From).Replace("/", string.Empty, StringComparison.Ordinal)}-{JalaliDays.Format(Period.To).Replace("/", string.Empty, StringComparison.Ordinal)}-{view}.csv";

    public static int? Limit(IQueryCollection query, int fallback, Dictionary<string, string[]> errors)
    {
        var text = Text(query, "limit");
        if (text is null)
            return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= TrendDrillDown.MaxItems)
            return limit;
        errors["limit"] = [$"a whole number from 1 to {TrendDrillDown.MaxItems}"];
        return null;
    }

    private static string? Text(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } value ? value.Trim() : null;

    private static DateOnly Day(IQueryCollection query, string name, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        var text = Text(query, name);
        if (text is null)
            return fallback;
        if (JalaliDays.TryParse(text) is { } day)
            return day;
        errors[name] = ["a Jalali date such as 1404/07/01"];
        return fallback;
    }

    private static string? Key(IQueryCollection query, string name, Func<string, bool> known, string expected, Dictionary<string, string[]> errors)
    {
        var key = Text(query, name);
        if (key is null || known(key))
            return key;
        errors[name] = [expected];
        return null;
    }

    private static T Invalid<T>(Dictionary<string, string[]> errors, string name, string expected, T fallback)
    {
        errors[name] = [expected];
        return fallback;
    }
}
