using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Feedback.Cli.Load;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Kavenegar.StandIn;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Notifications;
using Feedback.Storage.Trends;

namespace Feedback.Cli.Report;

/// <summary>
/// Reads the pipeline's storage and the Kavenegar stand-in after a load, and says whether every accepted message was
/// stored once, routed, counted once in the trends, and acknowledged by exactly one SMS.
/// </summary>
public sealed class PipelineInspector(StorageClients storage, KavenegarStandIn standIn)
{
    public TableServiceClient Tables => storage.Tables;

    /// <summary>The inspector's own storage requests, when it counts them (<see cref="Counted"/>): a cross-check with Azurite's log tells them apart from the app's.</summary>
    public StorageRequestCounter? Requests { get; private init; }

    /// <summary>An inspector of the storage at <paramref name="connectionString"/> whose clients count their requests.</summary>
    public static PipelineInspector Counted(string connectionString, KavenegarStandIn standIn)
    {
        var requests = new StorageRequestCounter();
        var tableOptions = new Azure.Data.Tables.TableClientOptions();
        tableOptions.AddPolicy(requests.TablePolicy, Azure.Core.HttpPipelinePosition.PerRetry);
        var queueOptions = new Azure.Storage.Queues.QueueClientOptions();
        queueOptions.AddPolicy(requests.QueuePolicy, Azure.Core.HttpPipelinePosition.PerRetry);
        return new PipelineInspector(StorageClients.FromConnectionString(connectionString, tableOptions, queueOptions), standIn) { Requests = requests };
    }

    public TableFeedbackStore Items { get; } = new(storage.Tables);

    public TableSmsStore Sms { get; } = new(storage.Tables);

    /// <summary>
    /// The exactly-once checks of one load. <paramref name="acknowledged"/> are the accepted codes whose message
    /// came with a phone (SMS, counter batches, survey replies): each must get one acknowledgement SMS.
    /// </summary>
    public async Task<IReadOnlyList<Check>> ExactlyOnceAsync(IReadOnlyList<string> acceptedCodes, int redeliveriesWithAnotherCode, ProcessingSnapshot snapshot, IReadOnlyCollection<string> acknowledged, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(acceptedCodes);
        ArgumentNullException.ThrowIfNull(snapshot);
        var distinct = acceptedCodes.Distinct(StringComparer.Ordinal).ToArray();
        var missing = distinct.Count(code => !snapshot.Stored.ContainsKey(code));
        var notRouted = distinct.Count(code => snapshot.Stored.TryGetValue(code, out var item) && !ProcessingSnapshot.IsRouted(item));
        var checks = new List<Check>
        {
            new("stored once", missing == 0 && distinct.Length == acceptedCodes.Count && redeliveriesWithAnotherCode == 0,
                $"{acceptedCodes.Count} accepted, {distinct.Length} distinct tracking codes, {snapshot.Stored.Count} stored, {missing} missing, {redeliveriesWithAnotherCode} redeliveries answered with another code"),
            new("processed", notRouted == 0 && missing == 0, $"{snapshot.Routed} of {distinct.Length} routed, {notRouted} stored but not routed"),
            await TrendsCheckAsync(distinct, cancellationToken),
            await AcknowledgementsCheckAsync(acknowledged, timeout, cancellationToken),
        };
        return checks;
    }

    /// <summary>Every routed item has its trend marker, and the counters add up to exactly the number of markers (over the whole run's storage).</summary>
    public async Task<Check> TrendsCheckAsync(IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var (markers, counted) = await new TableTrendCounters(storage.Tables).TallyAsync(cancellationToken);
        var uncounted = codes.Count(code => !markers.Contains(code));
        return new Check("counted once in trends", uncounted == 0 && counted == markers.Count,
            $"{codes.Count - uncounted} of {codes.Count} have their trend marker; the counters hold {counted} for {markers.Count} markers in this run's storage");
    }

    /// <summary>Waits until each code's acknowledgement ("{code}-ack") is sent, then checks the stand-in got exactly one SMS for it and none twice.</summary>
    public async Task<Check> AcknowledgementsCheckAsync(IReadOnlyCollection<string> codes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var acknowledgements = await AcknowledgementsAsync(codes, cancellationToken);
        var sent = await WaitForSentAsync(acknowledgements, timeout, cancellationToken);
        var messages = standIn.Messages;
        var byId = messages.ToDictionary(message => message.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var sentTwice = messages.GroupBy(message => (message.Receptor, message.Text)).Count(group => group.Count() > 1);
        var withoutMessage = sent.Values.Count(sms => sms.ProviderMessageId is not { } id || !byId.ContainsKey(id));
        var passed = sent.Count == codes.Count && sentTwice == 0 && withoutMessage == 0;
        var unsent = new List<string>();
        foreach (var address in acknowledgements.Where(address => !sent.ContainsKey(address.Key)).Take(3))
            unsent.Add($"{address.Key} {(await Sms.GetAsync(address.PhoneHash, address.Key, cancellationToken) is { } sms ? $"{sms.State}{(sms.History.Count > 0 ? $" ({sms.History[^1].Note})" : "")}" : "not queued")}");
        return new Check("one acknowledgement SMS each", passed,
            $"{sent.Count} of {codes.Count} acknowledgements sent, {withoutMessage} sent without a message at Kavenegar, {sentTwice} texts Kavenegar got more than once (of {messages.Count} SMS it accepted in this run)"
            + (unsent.Count > 0 ? $"; not sent after {timeout.TotalMinutes:0.#} min: {string.Join("; ", unsent)}" : ""));
    }

    /// <summary>Where the acknowledgement of each of these items is (an SMS is kept under its phone), for those stored with a phone.</summary>
    public async Task<IReadOnlyList<SmsAddress>> AcknowledgementsAsync(IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var addresses = new List<SmsAddress>();
        foreach (var code in codes)
        {
            if (TrackingCode.FromCanonical(code) is { } typed && await Items.GetAsync(typed, cancellationToken) is { PhoneHash: { } phoneHash })
                addresses.Add(new SmsAddress(phoneHash, $"{code}-ack"));
        }
        return addresses;
    }

    /// <summary>Polls the outgoing SMS at these addresses, in about the order they were queued, until each is sent (or delivered), or the time is up; by key.</summary>
    public async Task<IReadOnlyDictionary<string, OutgoingSms>> WaitForSentAsync(IReadOnlyList<SmsAddress> addresses, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var sent = new ConcurrentDictionary<string, OutgoingSms>(StringComparer.Ordinal);
        await ReadPasses.UntilDoneAsync(addresses, async (address, token) =>
        {
            if (await Sms.GetAsync(address.PhoneHash, address.Key, token) is not { State: SmsState.Sent or SmsState.Delivered } sms)
                return false;
            sent[address.Key] = sms;
            return true;
        }, timeout, Stopwatch.StartNew(), cancellationToken);
        return sent;
    }
}
