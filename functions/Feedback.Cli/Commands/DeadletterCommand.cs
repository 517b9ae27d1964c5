using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Messaging.StorageQueues;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback deadletter list|replay`: the dead letters of the pipeline's storage queues (Azurite locally), which the
/// local trigger runner puts on "&lt;queue&gt;-poison" with the reason in the "deadLetterReason" property. Listing
/// shows what a message is about (a tracking code, or an SMS's key and kind) and never its content: notification
/// bodies hold the citizen's encrypted number and the SMS text. Service Bus dead-letter queues (Azure) are out of
/// reach: reading them needs a Service Bus receiver, which this project does not have.
/// </summary>
public static class DeadletterCommand
{
    public static readonly IReadOnlyList<string> QueueNames = [Queues.FeedbackIntake, Queues.Notifications];

    private const string StorageQueuesOnly =
        "Storage queues only (Azurite locally). Service Bus dead-letter queues (Azure) need a Service Bus receiver, which this project does not have: use the Azure portal's Service Bus Explorer for them.";

    /// <summary>How long a dead letter stays hidden from other readers while a command walks the queue; it is released sooner when the command ends.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static Command Create(CliConsole console)
    {
        var storage = StorageOption.Create("The storage account whose queues hold the dead letters", recursive: true);
        var queue = new Option<string?>("--queue") { Description = $"{string.Join(" or ", QueueNames)}. Default: both", Recursive = true };
        queue.AcceptOnlyFromAmong([.. QueueNames]);

        var json = new Option<bool>("--json") { Description = "Print one JSON array on stdout" };
        var list = new Command(
            "list",
            "List every dead letter: its id, dequeue count (reads of the dead letter itself, by an earlier list or replay), reason, "
            + "and what it is about: a tracking code, or an SMS's key and kind; never a phone number or a message text")
        {
            json,
        };
        list.SetAction((parse, token) => ListAsync(console, Transport(parse.GetValue(storage)), QueuesFor(parse.GetValue(queue)), parse.GetValue(json), token));

        var id = new Option<string?>("--id") { Description = "The dead letter to replay: an id `deadletter list` shows" };
        var all = new Option<bool>("--all") { Description = "Replay every dead letter (of --queue)" };
        var replay = new Command("replay", "Move dead letters back to their queue to be handled again: each is sent to the queue first, then deleted from the dead letters, so none is ever lost") { id, all };
        replay.Validators.Add(result =>
        {
            if (result.GetValue(id) is null == !result.GetValue(all))
                result.AddError("give either --id <id> or --all");
        });
        replay.SetAction((parse, token) => ReplayAsync(console, Transport(parse.GetValue(storage)), QueuesFor(parse.GetValue(queue)), parse.GetValue(id), token));

        return new Command("deadletter", $"Dead-lettered queue messages: list them, replay them. {StorageQueuesOnly}") { storage, queue, list, replay };
    }

    /// <summary>What a listing shows of one dead letter: nothing personal.</summary>
    private sealed record DeadLetter(string Queue, string Id, int DequeueCount, string Reason, string? TrackingCode = null, string? Key = null, string? Kind = null)
    {
        public string About() => TrackingCode is not null ? $"tracking code {TrackingCode}"
            : Key is not null ? $"{Kind} SMS {Key}"
            : "(not a message of the pipeline)";
    }

    private static async Task<int> ListAsync(CliConsole console, StorageQueueTransport transport, IReadOnlyList<string> queues, bool json, CancellationToken cancellationToken)
    {
        var letters = new List<DeadLetter>();
        foreach (var queue in queues)
        {
            var received = await StorageOption.Call(() => ReceiveAllAsync(transport, queue, cancellationToken));
            try
            {
                letters.AddRange(received.Select(message => Describe(queue, message)));
            }
            finally
            {
                await StorageOption.Call(() => ReleaseAsync(transport, queue, received));
            }
        }

        if (json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(letters, Json));
        }
        else
        {
            console.Out.WriteLine("queue\tid\tdequeues\tabout\treason");
            foreach (var letter in letters)
                console.Out.WriteLine($"{letter.Queue}\t{letter.Id}\t{letter.DequeueCount}\t{letter.About()}\t{letter.Reason}");
        }
        console.Error.WriteLine($"{letters.Count} dead letter(s) in {string.Join(" and ", queues.Select(PoisonQueue))}");
        return ExitCodes.Success;
    }

    /// <param name="id">One dead letter's id; null for all of them.</param>
    private static async Task<int> ReplayAsync(CliConsole console, StorageQueueTransport transport, IReadOnlyList<string> queues, string? id, CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var queue in queues)
        {
            var received = await StorageOption.Call(() => ReceiveAllAsync(transport, queue, cancellationToken));
            var done = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var message in received.Where(message => id is null || message.TransportId == id))
                {
                    var letter = Describe(queue, message);
                    await StorageOption.Call(() => MoveBackAsync(transport, queue, message, cancellationToken));
                    done.Add(message.TransportId);
                    console.Out.WriteLine($"moved {letter.Id} ({letter.About()}) from {PoisonQueue(queue)} to {queue}");
                }
            }
            finally
            {
                await StorageOption.Call(() => ReleaseAsync(transport, queue, received.Where(message => !done.Contains(message.TransportId)).ToList()));
            }
            moved += done.Count;
        }

        if (id is not null && moved == 0)
            throw new CliException($"no dead letter has id '{id}' in {string.Join(" or ", queues.Select(PoisonQueue))} (see: feedback deadletter list)");
        console.Error.WriteLine($"replayed {moved} dead letter(s)");
        return ExitCodes.Success;
    }

    /// <summary>Sends first, then deletes: a failure between the two leaves the message in both places, which the idempotent handlers absorb, never in neither.</summary>
    private static async Task MoveBackAsync(StorageQueueTransport transport, string queue, ReceivedMessage message, CancellationToken cancellationToken)
    {
        var properties = message.Properties
            .Where(property => property.Key != StorageQueueTransport.DeadLetterReasonProperty)
            .ToDictionary(StringComparer.Ordinal);
        await transport.SendAsync(queue, new OutgoingMessage(message.MessageId, message.Body, properties), cancellationToken);
        await transport.CompleteAsync(PoisonQueue(queue), message, cancellationToken);
    }

    /// <summary>
    /// Every message of the queue's dead letters, each hidden from other readers for <see cref="Lease"/> (Storage
    /// Queues can peek at only the first 32). A message seen again after its lease ran out keeps its latest receipt.
    /// </summary>
    private static async Task<List<ReceivedMessage>> ReceiveAllAsync(StorageQueueTransport transport, string queue, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, ReceivedMessage>(StringComparer.Ordinal);
        var order = new List<string>();
        while (true)
        {
            var batch = await transport.ReceiveAsync(PoisonQueue(queue), StorageQueueTransport.MaxMessagesPerReceive, Lease, cancellationToken);
            var fresh = 0;
            foreach (var message in batch)
            {
                if (!seen.ContainsKey(message.TransportId))
                {
                    order.Add(message.TransportId);
                    fresh++;
                }
                seen[message.TransportId] = message;
            }
            if (fresh == 0)
                return order.Select(transportId => seen[transportId]).ToList();
        }
    }

    /// <summary>Makes the messages visible again at once; not cancellable, so that an interrupted command still lets go of them.</summary>
    private static async Task ReleaseAsync(StorageQueueTransport transport, string queue, IReadOnlyList<ReceivedMessage> messages)
    {
        foreach (var message in messages)
            await transport.AbandonAsync(PoisonQueue(queue), message, TimeSpan.Zero, CancellationToken.None);
    }

    private static DeadLetter Describe(string queue, ReceivedMessage message)
    {
        var reason = message.Properties.TryGetValue(StorageQueueTransport.DeadLetterReasonProperty, out var given)
            ? string.Join(' ', given.Split((char[])['\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
            : "(no reason recorded)";
        var letter = new DeadLetter(queue, message.TransportId, Math.Max(0, message.DeliveryCount - 1), reason);
        if (queue == Queues.FeedbackIntake)
            return letter with { TrackingCode = ReceivedItems.Deserialize(message.Body.Span)?.Codes[0].Value };
        return SmsRequests.Deserialize(message.Body.Span)?.Sms[0] is { Key: { Length: > 0 and <= 128 } key } sms && !key.Any(char.IsWhiteSpace)
            ? letter with { Key = key, Kind = JsonNamingPolicy.KebabCaseLower.ConvertName(sms.Kind.ToString()) }
            : letter;
    }

    private static IReadOnlyList<string> QueuesFor(string? queue) => queue is null ? QueueNames : [queue];

    private static string PoisonQueue(string queue) => queue + StorageQueueTransport.PoisonQueueSuffix;

    private static StorageQueueTransport Transport(string? connectionString)
    {
        var given = connectionString ?? Environment.GetEnvironmentVariable(StorageOption.Variable);
        if (given is not null && (given.Contains("sb://", StringComparison.OrdinalIgnoreCase) || given.Contains(".servicebus.", StringComparison.OrdinalIgnoreCase)))
            throw new CliException($"that is a Service Bus connection: {StorageQueuesOnly}");
        return new StorageQueueTransport(StorageOption.Connect(connectionString).Queues);
    }
}
