using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Testing;

namespace Feedback.Messaging.Tests;

/// <summary>What intake spends on storage: the item and its queue message, and a pending marker only when the enqueue failed.</summary>
[Collection(Azurite.Collection)]
public class IntakeRequestsTests(Azurite azurite)
{
    private static readonly NewFeedback Feedback = new(FeedbackChannel.Web, "چراغ‌های کوچه ما یک هفته است خاموش است", "zanjan", null, null, null, null, null);

    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task An_accepted_item_costs_one_table_insert_and_one_queue_send()
    {
        var counter = new StorageRequestCounter();
        var (intake, store, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString));
        await intake.AcceptAsync(Feedback, cancellation);
        var before = counter.Snapshot();

        var receipt = await intake.AcceptAsync(Feedback, cancellation);

        var spent = counter.Snapshot().Since(before);
        Assert.True(receipt.Enqueued);
        Assert.Equal(new Dictionary<string, long> { ["insert"] = 1 }, spent.Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.Equal(new Dictionary<string, long> { ["send"] = 1 }, spent.Queues.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.DoesNotContain(receipt.Code, await store.ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10_000, cancellation));
    }

    [Fact]
    public async Task An_item_whose_enqueue_failed_is_accepted_and_marked_for_the_sweeper()
    {
        var store = new TableFeedbackStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await store.EnsureTablesAsync(cancellation);
        var queueDown = new StorageQueueTransport(Counted(new StorageRequestCounter(), Azurite.UnreachableConnectionString).Queues);
        var intake = new FeedbackIntake(store, queueDown, Phones(), TimeProvider.System);

        var receipt = await intake.AcceptAsync(Feedback, cancellation);

        Assert.False(receipt.Enqueued);
        Assert.NotNull(await store.GetAsync(receipt.Code, cancellation));
        Assert.Contains(receipt.Code, await store.ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10_000, cancellation));
    }

    [Fact]
    public async Task Items_accepted_at_once_share_queue_messages_and_each_is_handed_over_once()
    {
        var counter = new StorageRequestCounter();
        var (intake, _, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString));
        await intake.AcceptAsync(Feedback, cancellation);
        await DrainAsync(transport);
        var before = counter.Snapshot();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => intake.AcceptAsync(Feedback, cancellation)));

        var sends = counter.Snapshot().Since(before).Queues.ByKind.GetValueOrDefault("send");
        var handedOver = (await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Codes).Select(code => code.Value).ToList();
        Assert.All(receipts, receipt => Assert.True(receipt.Enqueued));
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), handedOver.Order());
        Assert.InRange(sends, 1, receipts.Length - 1);
    }

    [Fact]
    public async Task An_accepted_items_message_carries_it_as_stored_with_its_version()
    {
        var (intake, store, transport) = await IntakeAsync(StorageClients.FromConnectionString(azurite.ConnectionString));
        await DrainAsync(transport);

        var receipt = await intake.AcceptAsync(Feedback, cancellation);

        var carried = Assert.Single((await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Items));
        var stored = await store.GetVersionedAsync(receipt.Code, cancellation);
        Assert.Equal(stored!.Version, carried.Stored!.Version);
        Assert.Equal(JsonSerializer.Serialize(stored.Item), JsonSerializer.Serialize(carried.Stored.Item));
    }

    [Fact]
    public async Task The_longest_items_accepted_at_once_fit_the_storage_queue_carried_or_by_code()
    {
        var (intake, _, transport) = await IntakeAsync(StorageClients.FromConnectionString(azurite.ConnectionString));
        await DrainAsync(transport);
        // The longest text, with a phone number in it, so the original is sealed beside the masked copy.
        var longest = Feedback with { Text = ("تماس ۰۹۱۲۳۴۵۶۷۸۹ " + string.Concat(Enumerable.Repeat("چراغ‌های کوچه ما خاموش است ", 100)))[..FeedbackText.MaxLength] };

        var receipts = await Task.WhenAll(Enumerable.Range(0, 3 * ProcessingHandOver.MaxCodesPerMessage).Select(_ => intake.AcceptAsync(longest, cancellation)));

        var handedOver = (await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Items).ToList();
        Assert.All(receipts, receipt => Assert.True(receipt.Enqueued));
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), handedOver.Select(item => item.Code.Value).Order());
        Assert.Contains(handedOver, item => item.Stored is not null);
        Assert.All(handedOver.Where(item => item.Stored is not null), item => Assert.NotNull(item.Stored!.Item.EncryptedText));
    }

    [Fact]
    public async Task Items_accepted_within_the_linger_cost_one_transaction_and_one_message_carrying_them_all()
    {
        var counter = new StorageRequestCounter();
        var (intake, store, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString), TimeSpan.FromMilliseconds(500), new Random(3).Next);
        await intake.AcceptAsync(Feedback, cancellation);
        await DrainAsync(transport);
        var before = counter.Snapshot();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => intake.AcceptAsync(Feedback, cancellation)));

        var spent = counter.Snapshot().Since(before);
        Assert.Equal(new Dictionary<string, long> { ["batch"] = 1 }, spent.Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.Equal(new Dictionary<string, long> { ["send"] = 1 }, spent.Queues.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.Single(receipts.Select(receipt => receipt.Code.Shard).Distinct());
        var carried = ReceivedItems.Deserialize(Assert.Single(await DrainAsync(transport)).Body.Span)!.Items;
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), carried.Select(item => item.Code.Value).Order());
        foreach (var item in carried)
            Assert.Equal((await store.GetVersionedAsync(item.Code, cancellation))!.Version, item.Stored!.Version);
    }

    [Fact]
    public async Task A_burst_within_the_linger_is_one_batch_however_many_messages_hand_it_over()
    {
        var counter = new StorageRequestCounter();
        var (intake, _, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString), TimeSpan.FromMilliseconds(500), new Random(5).Next);
        await intake.AcceptAsync(Feedback, cancellation);
        await DrainAsync(transport);
        var before = counter.Snapshot();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => intake.AcceptAsync(Feedback, cancellation)));

        var spent = counter.Snapshot().Since(before);
        var messages = (await DrainAsync(transport)).Select(message => ReceivedItems.Deserialize(message.Body.Span)!).ToList();
        // One batch: its web items drawn in one shard, inserted in two transactions (100 rows and 50).
        Assert.Single(receipts.Select(receipt => receipt.Code.Shard).Distinct());
        Assert.Equal(2, spent.Tables.ByKind.GetValueOrDefault("batch"));
        Assert.Equal(messages.Count, spent.Queues.ByKind.GetValueOrDefault("send"));
        Assert.All(receipts, receipt => Assert.True(receipt.Enqueued));
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), messages.SelectMany(message => message.Codes).Select(code => code.Value).Order());
        Assert.All(messages.SelectMany(message => message.Items), item => Assert.NotNull(item.Stored));
        Assert.InRange(messages.Count, 2, 10);
    }

    [Fact]
    public async Task Without_a_linger_items_that_arrive_while_a_batch_is_written_form_the_next()
    {
        var counter = new StorageRequestCounter();
        var (intake, _, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString), TimeSpan.Zero, new Random(8).Next);
        await intake.AcceptAsync(Feedback, cancellation);
        await DrainAsync(transport);
        var before = counter.Snapshot();

        var receipts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => intake.AcceptAsync(Feedback, cancellation)));

        var spent = counter.Snapshot().Since(before);
        var handedOver = (await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Codes).Select(code => code.Value).ToList();
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), handedOver.Order());
        Assert.InRange(spent.Queues.ByKind.GetValueOrDefault("send"), 1, receipts.Length - 1);
        Assert.InRange(spent.Tables.ByKind.GetValueOrDefault("batch") + spent.Tables.ByKind.GetValueOrDefault("insert"), 1, receipts.Length - 1);
    }

    [Fact]
    public async Task A_taken_code_in_a_batch_is_drawn_again_in_its_shard_and_the_batch_stored()
    {
        var counter = new StorageRequestCounter();
        var twin = new Random(11);
        var taken = TrackingCode.NewCodeIn(twin.Next(TrackingCode.Shards), twin.Next);
        var (intake, store, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString), TimeSpan.FromMilliseconds(500), new Random(11).Next);
        var other = new FeedbackItem { TrackingCode = taken, Channel = FeedbackChannel.Web, Text = "جای دیگری", Province = "zanjan", ReceivedAt = DateTimeOffset.UtcNow };
        Assert.NotNull(await store.TryCreateAsync(other, cancellation));
        await DrainAsync(transport);
        var before = counter.Snapshot();

        // Drawn in order before either waits: the first gets the taken code.
        var first = intake.AcceptAsync(Feedback, cancellation);
        var second = intake.AcceptAsync(Feedback, cancellation);
        var receipts = await Task.WhenAll(first, second);

        Assert.DoesNotContain(taken, receipts.Select(receipt => receipt.Code));
        Assert.All(receipts, receipt => Assert.Equal(taken.Shard, receipt.Code.Shard));
        Assert.Equal(2, counter.Snapshot().Since(before).Tables.ByKind.GetValueOrDefault("batch"));
        Assert.Equal("جای دیگری", (await store.GetAsync(taken, cancellation))!.Text);
        foreach (var receipt in receipts)
            Assert.Equal(Feedback.Text, (await store.GetAsync(receipt.Code, cancellation))!.Text);
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), (await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Codes).Select(code => code.Value).Order());
    }

    [Fact]
    public async Task A_batch_whose_message_could_not_be_sent_is_accepted_and_every_item_marked_for_the_sweeper()
    {
        var store = new TableFeedbackStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables);
        await store.EnsureTablesAsync(cancellation);
        var queueDown = new StorageQueueTransport(Counted(new StorageRequestCounter(), Azurite.UnreachableConnectionString).Queues);
        var intake = new FeedbackIntake(store, queueDown, Phones(), TimeProvider.System, TimeSpan.FromMilliseconds(500), new Random(4).Next);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => intake.AcceptAsync(Feedback, cancellation)));

        var pending = await store.ListPendingAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10_000, cancellation);
        Assert.All(receipts, receipt => Assert.False(receipt.Enqueued));
        Assert.All(receipts, receipt => Assert.Contains(receipt.Code, pending));
        foreach (var receipt in receipts)
            Assert.NotNull(await store.GetAsync(receipt.Code, cancellation));
    }

    [Fact]
    public async Task An_sms_and_its_de_duplication_claim_cost_one_transaction_and_no_request_of_their_own()
    {
        var counter = new StorageRequestCounter();
        var (intake, store, _) = await IntakeAsync(Counted(counter, azurite.ConnectionString));
        await intake.AcceptAsync(Feedback, cancellation);
        var key = SmsKeyIn(shard: 2);
        var before = counter.Snapshot();

        var receipt = await intake.AcceptSmsAsync(key, Sms("گاز محله ما قطع است"), cancellation);

        var spent = counter.Snapshot().Since(before);
        Assert.Equal(new Dictionary<string, long> { ["batch"] = 1 }, spent.Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.Equal(2, receipt.Code.Shard);
        Assert.Equal(receipt.Code, await store.FindSmsClaimAsync(key, cancellation));
    }

    [Fact]
    public async Task The_same_sms_delivered_at_once_to_two_processes_makes_one_item_and_each_delivery_gets_its_code()
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString);
        var (first, store, transport) = await IntakeAsync(storage, TimeSpan.FromMilliseconds(100), new Random(21).Next);
        var (second, _, _) = await IntakeAsync(storage, TimeSpan.FromMilliseconds(100), new Random(22).Next);
        await DrainAsync(transport);
        var key = SmsKeyIn(shard: 4);
        var sms = Sms("آب خیابان ما گل‌آلود است");
        var itemsBefore = await store.CountItemsAsync(cancellation);

        var receipts = await Task.WhenAll(first.AcceptSmsAsync(key, sms, cancellation), second.AcceptSmsAsync(key, sms, cancellation), first.AcceptSmsAsync(key, sms, cancellation), second.AcceptSmsAsync(key, sms, cancellation));

        Assert.Single(receipts.Select(receipt => receipt.Code).Distinct());
        Assert.All(receipts, receipt => Assert.False(receipt.Conflict));
        Assert.Equal(itemsBefore + 1, await store.CountItemsAsync(cancellation));
        Assert.Equal(receipts[0].Code, await store.FindSmsClaimAsync(key, cancellation));
        Assert.Contains(receipts[0].Code.Value, (await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Codes).Select(code => code.Value));
    }

    [Fact]
    public async Task A_redelivery_inside_a_batch_fails_its_transaction_answers_with_the_first_code_and_the_rest_are_stored()
    {
        var counter = new StorageRequestCounter();
        var storage = Counted(counter, azurite.ConnectionString);
        var (earlier, store, transport) = await IntakeAsync(storage, TimeSpan.Zero, new Random(31).Next);
        var (intake, _, _) = await IntakeAsync(storage, TimeSpan.FromMilliseconds(500), new Random(32).Next);
        var redelivered = SmsKeyIn(shard: 6);
        var first = await earlier.AcceptSmsAsync(redelivered, Sms("برق کوچه ما رفته"), cancellation);
        await DrainAsync(transport);
        var itemsBefore = await store.CountItemsAsync(cancellation);
        var before = counter.Snapshot();

        // Drawn in order before any waits: all in shard 6's batch, the redelivery first.
        var again = intake.AcceptSmsAsync(redelivered, Sms("برق کوچه ما رفته"), cancellation);
        var fresh = Enumerable.Range(0, 3).Select(index => intake.AcceptSmsAsync(SmsKeyIn(shard: 6), Sms($"چاله خیابان {index} پر نشده"), cancellation)).ToList();
        var web = intake.AcceptAsync(Feedback, cancellation);
        var receipts = await Task.WhenAll([again, .. fresh, web]);

        Assert.Equal(first.Code, receipts[0].Code);
        Assert.Equal(5, receipts.Select(receipt => receipt.Code).Distinct().Count());
        Assert.All(receipts[1..], receipt => Assert.Equal(6, receipt.Code.Shard));
        Assert.Equal(itemsBefore + 4, await store.CountItemsAsync(cancellation));
        Assert.Equal(2, counter.Snapshot().Since(before).Tables.ByKind.GetValueOrDefault("batch"));
        // The redelivered item was still received: handed to processing again, with the new ones.
        Assert.Equal(receipts.Select(receipt => receipt.Code.Value).Order(), (await DrainAsync(transport)).SelectMany(message => ReceivedItems.Deserialize(message.Body.Span)!.Codes).Select(code => code.Value).Order());
    }

    [Fact]
    public async Task Web_items_of_a_batch_join_the_shard_of_one_of_its_sms_and_cost_no_transaction_of_their_own()
    {
        const int seed = 41;
        var webShard = new Random(seed).Next(TrackingCode.Shards);
        var counter = new StorageRequestCounter();
        var (intake, store, _) = await IntakeAsync(Counted(counter, azurite.ConnectionString), TimeSpan.FromMilliseconds(500), new Random(seed).Next);
        var smsShards = new[] { (webShard + 1) % TrackingCode.Shards, (webShard + 2) % TrackingCode.Shards };
        var before = counter.Snapshot();

        // The first web item's code is drawn in a shard no SMS of the batch is in.
        var web = new[] { intake.AcceptAsync(Feedback, cancellation) };
        var sms = smsShards.Select(shard => intake.AcceptSmsAsync(SmsKeyIn(shard), Sms($"پل محله {shard} خراب است"), cancellation)).ToList();
        var receipts = await Task.WhenAll([.. web, .. sms, intake.AcceptAsync(Feedback, cancellation)]);

        Assert.Equal(smsShards, receipts[1..3].Select(receipt => receipt.Code.Shard));
        Assert.All([receipts[0], receipts[3]], receipt => Assert.Contains(receipt.Code.Shard, smsShards));
        Assert.Equal(2, counter.Snapshot().Since(before).Tables.ByKind.GetValueOrDefault("batch"));
        foreach (var receipt in receipts)
            Assert.NotNull(await store.GetAsync(receipt.Code, cancellation));
    }

    [Fact]
    public async Task A_redelivery_to_the_process_that_handed_its_sms_over_gets_its_code_without_a_request()
    {
        var counter = new StorageRequestCounter();
        var (intake, store, transport) = await IntakeAsync(Counted(counter, azurite.ConnectionString));
        var key = SmsKeyIn(shard: 5);
        var first = await intake.AcceptSmsAsync(key, Sms("فاضلاب کوچه ما بیرون زده"), cancellation);
        await DrainAsync(transport);
        var itemsBefore = await store.CountItemsAsync(cancellation);
        var before = counter.Snapshot();

        var again = await intake.AcceptSmsAsync(key, Sms("فاضلاب کوچه ما بیرون زده"), cancellation);

        Assert.Equal(first.Code, again.Code);
        Assert.True(again.Enqueued);
        Assert.Equal(0, counter.Snapshot().Since(before).Total);
        Assert.Equal(itemsBefore, await store.CountItemsAsync(cancellation));
    }

    [Fact]
    public async Task An_sms_reusing_a_recent_sms_key_with_another_text_is_not_answered_from_memory()
    {
        var (intake, store, _) = await IntakeAsync(StorageClients.FromConnectionString(azurite.ConnectionString));
        var key = SmsKeyIn(shard: 7);
        var first = await intake.AcceptSmsAsync(key, Sms("آسفالت خیابان خراب است"), cancellation);

        var other = await intake.AcceptSmsAsync(key, Sms("نانوایی محله بسته است"), cancellation);

        Assert.NotEqual(first.Code, other.Code);
        Assert.True(other.Conflict);
        Assert.Equal("نانوایی محله بسته است", (await store.GetAsync(other.Code, cancellation))!.Text);
    }

    [Fact]
    public async Task A_claim_of_the_old_table_that_names_another_items_code_or_none_is_dropped_and_the_sms_gets_a_code_of_its_own()
    {
        var storage = StorageClients.FromConnectionString(azurite.ConnectionString);
        var (web, store, _) = await IntakeAsync(storage);
        var othersCode = (await web.AcceptAsync(Feedback, cancellation)).Code;
        var oldClaims = storage.Tables.GetTableClient(TableFeedbackStore.SmsTable);
        var claims = new Dictionary<string, TrackingCode> { [SmsKeyIn(shard: 1)] = othersCode, [SmsKeyIn(shard: 3)] = TrackingCode.NewCode() };
        foreach (var (key, code) in claims)
            await oldClaims.AddEntityAsync(new Azure.Data.Tables.TableEntity(TableFeedbackStore.SmsPartition(key), string.Empty) { ["TrackingCode"] = code.Value }, cancellation);
        try
        {
            // Started after the old claims were written, as a deployment's intake would be.
            var (intake, _, _) = await IntakeAsync(storage);
            foreach (var (key, code) in claims)
            {
                var receipt = await intake.AcceptSmsAsync(key, Sms("گاز نداریم"), cancellation);

                Assert.NotEqual(code, receipt.Code);
                Assert.Equal(receipt.Code, await store.FindSmsClaimAsync(key, cancellation));
                Assert.Equal("گاز نداریم", (await store.GetAsync(receipt.Code, cancellation))!.Text);
            }
            Assert.Equal(Feedback.Text, (await store.GetAsync(othersCode, cancellation))!.Text);
        }
        finally
        {
            // Other tests' stores count their requests: no old claim is left to look up.
            foreach (var key in claims.Keys)
                await oldClaims.DeleteEntityAsync(TableFeedbackStore.SmsPartition(key), string.Empty, cancellationToken: cancellation);
        }
    }

    /// <summary>A new SMS de-duplication key (a provider message id) whose item and claim go in <paramref name="shard"/>.</summary>
    private static string SmsKeyIn(int shard)
    {
        while (true)
        {
            var key = SmsDeduplication.Key(Guid.NewGuid().ToString("N"), "+989121110000", "10004346", "", DateTimeOffset.UtcNow);
            if (SmsDeduplication.Shard(key) == shard)
                return key;
        }
    }

    private static NewFeedback Sms(string text) =>
        new(FeedbackChannel.Sms, text, "zanjan", null, null, IranianMobile.Parse("09121110000").Mobile, null, null);

    /// <summary>Intake over these clients' tables (created) and queues, its batches lingering as given.</summary>
    private async Task<(FeedbackIntake Intake, TableFeedbackStore Store, StorageQueueTransport Transport)> IntakeAsync(StorageClients storage, TimeSpan linger, Func<int, int> randomBelow)
    {
        var store = new TableFeedbackStore(storage.Tables);
        await store.EnsureTablesAsync(cancellation);
        var transport = new StorageQueueTransport(storage.Queues);
        return (new FeedbackIntake(store, transport, Phones(), TimeProvider.System, linger, randomBelow), store, transport);
    }

    /// <summary>Intake over these clients' tables (created) and queues.</summary>
    private async Task<(FeedbackIntake Intake, TableFeedbackStore Store, StorageQueueTransport Transport)> IntakeAsync(StorageClients storage)
    {
        var store = new TableFeedbackStore(storage.Tables);
        await store.EnsureTablesAsync(cancellation);
        var transport = new StorageQueueTransport(storage.Queues);
        return (new FeedbackIntake(store, transport, Phones(), TimeProvider.System), store, transport);
    }

    /// <summary>Everything on feedback-intake now, removed from it.</summary>
    private async Task<List<ReceivedMessage>> DrainAsync(StorageQueueTransport transport)
    {
        var drained = new List<ReceivedMessage>();
        while (await transport.ReceiveAsync(ReceivedItems.Queue, StorageQueueTransport.MaxMessagesPerReceive, TimeSpan.FromMinutes(1), cancellation) is { Count: > 0 } batch)
        {
            foreach (var message in batch)
                await transport.CompleteAsync(ReceivedItems.Queue, message, cancellation);
            drained.AddRange(batch);
        }
        return drained;
    }

    private static PhoneProtector Phones() => new(Convert.ToBase64String(new byte[32]), Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray()));

    private static StorageClients Counted(StorageRequestCounter counter, string connectionString)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        var queueOptions = new QueueClientOptions();
        queueOptions.Retry.MaxRetries = 0;
        queueOptions.AddPolicy(counter.QueuePolicy, HttpPipelinePosition.PerRetry);
        return StorageClients.FromConnectionString(connectionString, tableOptions, queueOptions);
    }
}
