using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Storage.Tables;

namespace Feedback.Storage.Agencies;

/// <summary>
/// The <c>AgencyInbox</c> table's one owner: every read (<see cref="IAgencyInbox"/>) and every write of it (processing's
/// and staff's, through the item store). PK "province|agency", RK the received time's inverted ticks (D19) + "|" +
/// tracking code, so one partition query reads an agency's items newest first and a date range is a row key range.
/// Writes are group-committed per partition: under load many items' rows share one entity group transaction. Status, topic, sentiment and
/// county are filtered by the service; the free-text search is applied here, page by page. The continuation
/// token names the last row returned, so a page can stop anywhere and the next starts right after it.
/// </summary>
public sealed partial class TableAgencyInbox(TableServiceClient tables) : IAgencyInbox
{
    /// <summary>The service's largest page.</summary>
    private const int MaxPageSize = 1000;

    public const string InboxTable = "AgencyInbox";

    private readonly TableClient inbox = tables.GetTableClient(InboxTable);
    private readonly TableWriteCoalescer writes = new();

    /// <summary>An agency's inbox partition.</summary>
    internal static string InboxPartition(string province, string agencyKey) => $"{province}|{agencyKey}";

    private static string InboxRowKey(DateTimeOffset receivedAt, TrackingCode trackingCode) =>
        $"{(DateTimeOffset.MaxValue.Ticks - receivedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{trackingCode}";

    /// <summary>Puts a routed item in its agency's inbox unless it is there already (an existing row is kept as it is).</summary>
    public Task AddAsync(FeedbackItem item, CancellationToken cancellationToken) =>
        writes.InsertIfAbsentAsync(inbox, Row(InboxEntry.Of(item))).WaitAsync(cancellationToken);

    /// <summary>Brings the item's row up to date; a reassigned item leaves <paramref name="previous"/>'s agency's inbox.</summary>
    public async Task UpdateAsync(FeedbackItem previous, FeedbackItem current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        if (previous.Assessment is { } before && before.AgencyKey != current.Assessment?.AgencyKey)
            await writes.DeleteAsync(inbox, InboxPartition(previous.Province, before.AgencyKey), InboxRowKey(previous.ReceivedAt, previous.TrackingCode)).WaitAsync(cancellationToken);
        await writes.UpsertAsync(inbox, Row(InboxEntry.Of(current))).WaitAsync(cancellationToken);
    }

    /// <summary>The row of an entry, <see cref="FromRow"/>'s inverse.</summary>
    private static TableEntity Row(InboxEntry entry)
    {
        var row = new TableEntity(InboxPartition(entry.Province, entry.AgencyKey), InboxRowKey(entry.ReceivedAt, entry.TrackingCode))
        {
            ["Status"] = entry.Status.ToString(),
            ["Topic"] = entry.Topic,
            ["Sentiment"] = entry.Sentiment,
            ["NeedsReview"] = entry.NeedsReview,
            ["ReceivedAt"] = entry.ReceivedAt,
            [AgencyInboxColumns.Text] = entry.Text,
            [AgencyInboxColumns.AssignedAt] = entry.AssignedAt,
            [AgencyInboxColumns.AcknowledgeLate] = entry.AcknowledgeLate,
            [AgencyInboxColumns.ResolveLate] = entry.ResolveLate,
            [AgencyInboxColumns.NoticePending] = entry.NoticePending,
            [AgencyInboxColumns.CitizenAnswered] = entry.CitizenAnswered,
            [AgencyInboxColumns.Reopened] = entry.Reopened,
        };
        if (entry.County is not null)
            row["County"] = entry.County;
        if (entry.Rating is { } rating)
            row["Rating"] = rating;
        return row;
    }

    /// <summary>Rows read for one page at most, so a rare search word cannot make one request read a whole inbox.</summary>
    private const int MaxRowsScanned = 2000;

    public async Task<InboxPage> QueryAsync(InboxQuery query, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter;
        List<string> conditions = [TableClient.CreateQueryFilter($"PartitionKey eq {InboxPartition(query.Province, query.AgencyKey)}")];
        if (continuationToken is not null)
            conditions.Add(TableClient.CreateQueryFilter($"RowKey gt {ReadToken(continuationToken)}"));
        if (filter.ReceivedFrom is { } from)
            conditions.Add(TableClient.CreateQueryFilter($"RowKey lt {InvertedTicks(from, 1)}"));
        if (filter.ReceivedBefore is { } before)
            conditions.Add(TableClient.CreateQueryFilter($"RowKey ge {InvertedTicks(before, 1)}"));
        if (filter.Status is { } status)
            conditions.Add(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        if (filter.Topic is { } topic)
            conditions.Add(TableClient.CreateQueryFilter($"Topic eq {topic}"));
        if (filter.Sentiment is { } sentiment)
            conditions.Add(TableClient.CreateQueryFilter($"Sentiment eq {sentiment}"));
        if (filter.County is { } county)
            conditions.Add(TableClient.CreateQueryFilter($"County eq {county}"));
        var where = string.Join(" and ", conditions);

        var pageSize = Math.Clamp(query.PageSize, 1, InboxQuery.MaxPageSize);
        var entries = new List<InboxEntry>(pageSize);
        var lastRowKey = string.Empty;
        var scanned = 0;
        string? tableToken = null;
        do
        {
            // Without a search every row is a hit: one more than a page tells whether another page follows.
            var top = string.IsNullOrWhiteSpace(filter.Text) ? pageSize + 1 - entries.Count : MaxPageSize;
            var page = await inbox.QueryAsync<TableEntity>(where, top, cancellationToken: cancellationToken).AsPages(tableToken, top).FirstAsync(cancellationToken);
            for (var index = 0; index < page.Values.Count; index++)
            {
                var row = page.Values[index];
                scanned++;
                var entry = FromRow(row);
                if (filter.MatchesText(entry.Text))
                {
                    if (entries.Count == pageSize)
                        return new InboxPage(entries, WriteToken(lastRowKey));
                    entries.Add(entry);
                    lastRowKey = row.RowKey;
                }
                if (scanned >= MaxRowsScanned && (index < page.Values.Count - 1 || page.ContinuationToken is not null))
                    return new InboxPage(entries, WriteToken(row.RowKey));
            }
            tableToken = page.ContinuationToken;
        }
        while (tableToken is not null);
        return new InboxPage(entries, null);
    }

    public async IAsyncEnumerable<InboxEntry> ListFollowUpsAsync(DateTimeOffset receivedBefore, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var open = string.Join(" or ", AgencyWorkflow.Open.Select(status => TableClient.CreateQueryFilter($"Status eq {status.ToString()}")));
        var where = $"(({open}) and {TableClient.CreateQueryFilter($"ReceivedAt lt {receivedBefore}")}) or {AgencyInboxColumns.NoticePending} eq true";
        await foreach (var row in inbox.QueryAsync<TableEntity>(where, cancellationToken: cancellationToken))
            yield return FromRow(row);
    }

    private static InboxEntry FromRow(TableEntity row)
    {
        var separator = row.PartitionKey.IndexOf('|', StringComparison.Ordinal);
        var receivedAt = row.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.MinValue;
        return new InboxEntry(
            TrackingCode.FromStored(row.RowKey[(row.RowKey.IndexOf('|', StringComparison.Ordinal) + 1)..]),
            row.PartitionKey[..separator],
            row.PartitionKey[(separator + 1)..],
            Enum.Parse<FeedbackStatus>(row.GetString("Status")!),
            row.GetString("Topic") ?? "other",
            row.GetString("Sentiment") ?? "neutral",
            row.GetBoolean("NeedsReview") ?? false,
            receivedAt,
            row.GetDateTimeOffset(AgencyInboxColumns.AssignedAt) ?? receivedAt,
            row.GetString("County"),
            row.GetInt32("Rating"),
            row.GetString(AgencyInboxColumns.Text) ?? string.Empty,
            row.GetBoolean(AgencyInboxColumns.AcknowledgeLate) ?? false,
            row.GetBoolean(AgencyInboxColumns.ResolveLate) ?? false,
            row.GetBoolean(AgencyInboxColumns.NoticePending) ?? false,
            row.GetBoolean(AgencyInboxColumns.CitizenAnswered) ?? false,
            row.GetBoolean(AgencyInboxColumns.Reopened) ?? false);
    }

    /// <summary>The first 19 characters of the row key of an item received at <paramref name="instant"/>, <paramref name="offset"/> ticks earlier.</summary>
    private static string InvertedTicks(DateTimeOffset instant, long offset) =>
        (DateTimeOffset.MaxValue.Ticks - instant.UtcTicks + offset).ToString("D19", CultureInfo.InvariantCulture);

    private static string WriteToken(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    private static string ReadToken(string token)
    {
        try
        {
            var rowKey = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (RowKeyShape().IsMatch(rowKey))
                return rowKey;
        }
        catch (FormatException)
        {
        }
        throw new ArgumentException("The continuation token is not one this inbox gave out.", nameof(token));
    }

    [GeneratedRegex(@"^\d{19}\|\d{10}$")]
    private static partial Regex RowKeyShape();
}

/// <summary>
/// The columns of an <c>AgencyInbox</c> row that the agency workflow adds to the index (what <see cref="InboxEntry.Of"/>
/// decides): the message (to list and search it without reading each item), when the item reached this agency, its SLA
/// flags for that assignment, and whether a status SMS is still to be queued or the trend counts still to be moved (the
/// SLA timer finishes both). Rows written before these columns existed read with safe defaults.
/// </summary>
public static class AgencyInboxColumns
{
    public const string Text = "Text";
    public const string AssignedAt = "AssignedAt";
    public const string AcknowledgeLate = "AcknowledgeLate";
    public const string ResolveLate = "ResolveLate";
    public const string NoticePending = "NoticePending";
    public const string CitizenAnswered = "CitizenAnswered";
    public const string Reopened = "Reopened";
}
