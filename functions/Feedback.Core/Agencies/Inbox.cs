using System.Globalization;
using Feedback.Classification.Normalization;
using Feedback.Classification.Taxonomy;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;

namespace Feedback.Core.Agencies;

/// <summary>
/// The inbox filters a member of staff can set; all optional, all applied together. Dates are Tehran days,
/// inclusive. <see cref="Text"/> matches whatever way the citizen typed it: both sides go through the Persian
/// normalizer, and every word of the search must occur in the message.
/// </summary>
public sealed record InboxFilter(FeedbackStatus? Status, string? Topic, string? Sentiment, string? County, DateOnly? From, DateOnly? To, string? Text)
{
    public const int MaxTextLength = 200;

    private static readonly PersianCalendar Jalali = new();

    public static InboxFilter None { get; } = new(null, null, null, null, null, null, null);

    /// <summary>The first instant the filter lets through, or null.</summary>
    public DateTimeOffset? ReceivedFrom => From is { } from ? WorkingCalendar.StartOf(from) : null;

    /// <summary>The first instant after the filter's last day, or null.</summary>
    public DateTimeOffset? ReceivedBefore => To is { } to ? WorkingCalendar.StartOf(to.AddDays(1)) : null;

    /// <summary>Whether the message holds every word of the search (always, without a search).</summary>
    public bool MatchesText(string? message)
    {
        var words = PersianNormalizer.Normalize(Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
            return true;
        var normalized = PersianNormalizer.Normalize(message);
        return words.All(word => normalized.Contains(word, StringComparison.Ordinal));
    }

    /// <summary>The filter from the inbox API's query string values, or what is wrong with them, by parameter.</summary>
    /// <param name="province">The inbox's province, whose counties <paramref name="county"/> may name.</param>
    public static (InboxFilter? Filter, IReadOnlyList<FieldError> Errors) Parse(
        string? status, string? topic, string? sentiment, string? county, string? from, string? to, string? text, string province)
    {
        var errors = new List<FieldError>();
        FeedbackStatus? parsedStatus = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<FeedbackStatus>(status.Trim(), ignoreCase: true, out var value) && !status.Trim().All(char.IsAsciiDigit) && InboxStatuses.Contains(value))
                parsedStatus = value;
            else
                errors.Add(new FieldError("status", $"Not an inbox status; one of {string.Join(", ", InboxStatuses.Select(Key))}."));
        }
        if (!string.IsNullOrWhiteSpace(topic) && FeedbackTaxonomy.TopicIndex(topic.Trim()) < 0)
            errors.Add(new FieldError("topic", $"Not a topic key; one of {string.Join(", ", FeedbackTaxonomy.TopicKeys)}."));
        if (!string.IsNullOrWhiteSpace(sentiment) && FeedbackTaxonomy.SentimentIndex(sentiment.Trim()) < 0)
            errors.Add(new FieldError("sentiment", $"Not a sentiment key; one of {string.Join(", ", FeedbackTaxonomy.SentimentKeys)}."));
        if (!string.IsNullOrWhiteSpace(county) && Provinces.FindCounty(province, county.Trim()) is null)
            errors.Add(new FieldError("county", $"Not a county of {province}."));
        var fromDay = ParseDay(from, "from", errors);
        var toDay = ParseDay(to, "to", errors);
        if (fromDay is { } first && toDay is { } last && last < first)
            errors.Add(new FieldError("to", "The last day is before the first."));
        if (text is { Length: > MaxTextLength })
            errors.Add(new FieldError("q", $"Search for at most {MaxTextLength} characters."));
        if (errors.Count > 0)
            return (null, errors);
        return (new InboxFilter(parsedStatus, Blank(topic), Blank(sentiment), Blank(county), fromDay, toDay, Blank(text)), []);
    }

    /// <summary>The statuses an inbox holds, in workflow order.</summary>
    public static IReadOnlyList<FeedbackStatus> InboxStatuses { get; } =
        [FeedbackStatus.Routed, FeedbackStatus.Acknowledged, FeedbackStatus.InProgress, FeedbackStatus.Resolved, FeedbackStatus.Rejected, FeedbackStatus.Recorded];

    /// <summary>A status as the APIs name it: "routed", "inprogress", …</summary>
    public static string Key(FeedbackStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A Tehran day written as a Jalali date ("1405/09/01", any digit script) or an ISO one ("2026-11-22").</summary>
    public static DateOnly? ParseDay(string? text, string field, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var ascii = TehranTime.AsciiDigits(text.Trim());
        if (DateOnly.TryParseExact(ascii, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return iso;
        var parts = ascii.Split('/');
        if (parts.Length == 3 && parts.All(part => part.Length is > 0 and <= 4 && part.All(char.IsAsciiDigit)))
        {
            var (year, month, day) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
            if (year is >= 1300 and <= 1500 && month is >= 1 and <= 12 && day >= 1 && day <= Jalali.GetDaysInMonth(year, month))
                return DateOnly.FromDateTime(Jalali.ToDateTime(year, month, day, 0, 0, 0, 0));
        }
        errors.Add(new FieldError(field, "Write the day as a Jalali date (1405/09/01) or an ISO date (2026-11-22)."));
        return null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One agency's inbox in one province, filtered, newest first, <see cref="PageSize"/> items a page.</summary>
public sealed record InboxQuery(string Province, string AgencyKey, InboxFilter Filter, int PageSize)
{
    public const int MaxPageSize = 100;
}

/// <summary>
/// An item as its agency's inbox lists it (the inbox index row): enough to list and filter without reading the
/// item itself, and to let the SLA timer pass over items that cannot be late. <see cref="CitizenAnswered"/>: the last
/// question to the citizen has its answer; <see cref="Reopened"/>: the citizen reopened the case after a resolution.
/// </summary>
public sealed record InboxEntry(
    TrackingCode TrackingCode,
    string Province,
    string AgencyKey,
    FeedbackStatus Status,
    string Topic,
    string Sentiment,
    bool NeedsReview,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AssignedAt,
    string? County,
    int? Rating,
    string Text,
    bool AcknowledgeLate,
    bool ResolveLate,
    bool NoticePending,
    bool CitizenAnswered = false,
    bool Reopened = false)
{
    /// <summary>
    /// The entry of a routed item as it is now: when it reached its agency, whether that agency is late on it (its
    /// flags for this assignment), and whether the SLA timer still owes it a status SMS or a move of its trend count.
    /// </summary>
    public static InboxEntry Of(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var assessment = item.Assessment ?? throw new ArgumentException("only a routed item is in an inbox", nameof(item));
        var flags = SlaPolicy.CurrentFlags(item);
        return new InboxEntry(
            item.TrackingCode,
            item.Province,
            assessment.AgencyKey,
            item.Status,
            assessment.Topic,
            assessment.Sentiment,
            assessment.NeedsReview,
            item.ReceivedAt,
            AgencyWorkflow.AssignedAt(item),
            item.County,
            item.Rating,
            item.Text,
            AcknowledgeLate: flags.Any(flag => flag.Kind == SlaKind.Acknowledge),
            ResolveLate: flags.Any(flag => flag.Kind == SlaKind.Resolve),
            NoticePending: StatusNotices.AnyPending(item) || TrendEvent.CountOwed(item),
            CitizenAnswered: item.Questions.Count > 0 && item.Questions[^1].AnsweredAt is not null,
            Reopened: item.ReopenCount > 0);
    }
}

/// <summary>One page of an inbox; <see cref="ContinuationToken"/> (opaque) asks for the next, null after the last.</summary>
public sealed record InboxPage(IReadOnlyList<InboxEntry> Entries, string? ContinuationToken);

/// <summary>The agency inboxes (Table Storage's <c>AgencyInbox</c>), read.</summary>
public interface IAgencyInbox
{
    /// <exception cref="ArgumentException">The continuation token is not one this inbox gave out.</exception>
    Task<InboxPage> QueryAsync(InboxQuery query, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Every inbox's entries the SLA timer has to look at: open ones received before <paramref name="receivedBefore"/>, and any whose status SMS is still to be queued.</summary>
    IAsyncEnumerable<InboxEntry> ListFollowUpsAsync(DateTimeOffset receivedBefore, CancellationToken cancellationToken);
}
