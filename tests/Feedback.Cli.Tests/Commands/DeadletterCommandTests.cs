using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Connection;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Commands;

/// <summary>`feedback deadletter` against a real Azurite: dead letters put there the way the local trigger runner does.</summary>
[Collection(Azurite.Collection)]
public sealed class DeadletterCommandTests(Azurite azurite)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    private readonly StorageQueueTransport _queues = new(StorageClients.FromConnectionString(azurite.ConnectionString).Queues);

    [Fact]
    public async Task A_dead_letter_is_listed_replayed_back_onto_its_queue_and_gone_from_the_dead_letters()
    {
        var code = TrackingCode.NewCode().Value;
        await DeadLetterAsync(Queues.FeedbackIntake, new ReceivedItems(TrackingCode.Parse(code).Code!).ToMessage(), "ProcessingException: no routing rules");

        var listed = Run("deadletter", "list", "--queue", Queues.FeedbackIntake);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        var line = Assert.Single(listed.OutLines, line => line.Contains($"tracking code {code}", StringComparison.Ordinal));
        Assert.Contains("ProcessingException: no routing rules", line, StringComparison.Ordinal);
        var id = line.Split('\t')[1];

        var replayed = Run("deadletter", "replay", "--queue", Queues.FeedbackIntake, "--id", id);
        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        Assert.Contains($"moved {id}", replayed.Out, StringComparison.Ordinal);

        var back = await TakeAsync(Queues.FeedbackIntake, code);
        Assert.NotNull(back);
        Assert.Equal(code, Assert.Single(ReceivedItems.Deserialize(back.Body.Span)!.Codes).Value);
        Assert.False(back.Properties.ContainsKey(StorageQueueTransport.DeadLetterReasonProperty));
        Assert.DoesNotContain(code, Run("deadletter", "list", "--queue", Queues.FeedbackIntake).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notifications_are_listed_by_key_and_kind_never_by_phone_or_text()
    {
        var key = $"{TrackingCode.NewCode().Value}-ack";
        const string text = "پیام شما با کد پیگیری ثبت شد و به شرکت آب و فاضلاب ارجاع شد";
        var sms = new SmsRequested(key, SmsKind.Acknowledgement, "ENCRYPTED-PHONE-c2VjcmV0", new PhoneHash("PHONE-HASH-aGFzaA"), text);
        await DeadLetterAsync(Queues.Notifications, sms.ToMessage(), "KavenegarException: 418 no credit");

        var listed = Run("deadletter", "list", "--queue", Queues.Notifications, "--json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        using var json = JsonDocument.Parse(listed.Out);
        var letter = Assert.Single(json.RootElement.EnumerateArray(), letter => letter.GetProperty("key").GetString() == key);
        Assert.Equal("acknowledgement", letter.GetProperty("kind").GetString());
        Assert.Equal(Queues.Notifications, letter.GetProperty("queue").GetString());
        Assert.Equal("KavenegarException: 418 no credit", letter.GetProperty("reason").GetString());
        Assert.True(letter.GetProperty("dequeueCount").GetInt32() >= 0);
        Assert.DoesNotContain("ENCRYPTED-PHONE", listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PHONE-HASH", listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("شرکت آب", listed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_all_moves_every_dead_letter_of_the_queue_back()
    {
        var keys = new[] { $"{TrackingCode.NewCode().Value}-ack", $"{TrackingCode.NewCode().Value}-ack" };
        foreach (var key in keys)
            await DeadLetterAsync(Queues.Notifications, new SmsRequested(key, SmsKind.Acknowledgement, "e", new PhoneHash("h"), "t").ToMessage(), "gave up");

        var replayed = Run("deadletter", "replay", "--queue", Queues.Notifications, "--all");

        Assert.True(replayed.ExitCode == 0, replayed.ToString());
        foreach (var key in keys)
        {
            Assert.Contains($"SMS {key}", replayed.Out, StringComparison.Ordinal);
            Assert.NotNull(await TakeAsync(Queues.Notifications, key));
        }
        using var after = JsonDocument.Parse(Run("deadletter", "list", "--queue", Queues.Notifications, "--json").Out);
        Assert.Empty(after.RootElement.EnumerateArray());
    }

    [Fact]
    public void Replaying_an_unknown_id_fails_and_says_so()
    {
        var run = Run("deadletter", "replay", "--id", "00000000-0000-0000-0000-000000000000");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no dead letter has id '00000000-0000-0000-0000-000000000000'", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--all", "--id", "x")]
    public void Replay_needs_either_an_id_or_all(params string[] choice)
    {
        var run = Run(["deadletter", "replay", .. choice]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("either --id <id> or --all", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_bus_connection_is_refused_with_where_to_look_instead()
    {
        var run = CliRun.Of("deadletter", "list", "--storage", "Endpoint=sb://sb-feedback-zanjan.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey=a2V5");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Service Bus Explorer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_help_says_service_bus_dead_letters_are_out_of_reach()
    {
        var run = CliRun.Of("deadletter", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Service Bus", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_storage_is_a_one_line_error()
    {
        var run = CliRun.Of("deadletter", "list", "--storage", Azurite.UnreachableConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("storage could not be reached", run.Error, StringComparison.Ordinal);
    }

    private CliRun Run(params string[] args) => CliRun.Of([.. args, "--storage", azurite.ConnectionString]);

    /// <summary>Sends the message, takes it and dead-letters it, as the local trigger runner does with one it gives up on.</summary>
    private async Task DeadLetterAsync(string queue, OutgoingMessage message, string reason)
    {
        await _queues.SendAsync(queue, message, CancellationToken.None);
        var taken = await TakeAsync(queue, message.MessageId, complete: false) ?? throw new InvalidOperationException($"{message.MessageId} did not arrive on {queue}");
        await _queues.DeadLetterAsync(queue, taken, reason, CancellationToken.None);
    }

    /// <summary>The queue's message with this id, taken off the queue (or, with <paramref name="complete"/> false, leased); the others are let go again.</summary>
    private async Task<ReceivedMessage?> TakeAsync(string queue, string messageId, bool complete = true)
    {
        var received = await _queues.ReceiveAsync(queue, StorageQueueTransport.MaxMessagesPerReceive, Lease, CancellationToken.None);
        ReceivedMessage? found = null;
        foreach (var message in received)
        {
            if (found is null && message.MessageId == messageId)
                found = message;
            else
                await _queues.AbandonAsync(queue, message, TimeSpan.Zero, CancellationToken.None);
        }
        if (found is not null && complete)
            await _queues.CompleteAsync(queue, found, CancellationToken.None);
        return found;
    }
}
