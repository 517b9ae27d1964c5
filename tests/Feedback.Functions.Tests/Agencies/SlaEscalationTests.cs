using System.Globalization;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Functions.Agencies;
using Feedback.Storage.Agencies;
using Feedback.Storage.Notifications;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>The SLA timer flags late items once, escalates each to the governorate in the dashboard's row shape, and finishes what an interrupted action left.</summary>
public sealed class SlaEscalationTests(Azurite azurite) : StaffAppTests(azurite)
{
    /// <summary>An item routed at noon on Saturday 2026-11-21 is to be acknowledged by the end of Monday (Tehran).</summary>
    private static readonly DateTimeOffset AcknowledgeDue = new(2026, 11, 24, 0, 0, 0, TimeSpan.FromHours(3.5));

    /// <summary>The tests run each pass themselves: the app's own timer, which fires at start, would race them.</summary>
    public override Task InitializeAsync()
    {
        Factory.TestServices = services => services.RemoveImplementation<SlaEscalationFunction>();
        return base.InitializeAsync();
    }

    private async Task<IReadOnlyList<TableEntity>> BreachRowsAsync(string trackingCode)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Service<TableServiceClient>().GetTableClient(TableSlaBreachLog.BreachesTable).QueryAsync<TableEntity>(row => row.PartitionKey == "zanjan", cancellationToken: CancellationToken.None))
        {
            if (row.RowKey.Contains($"|{trackingCode}|", StringComparison.Ordinal))
                rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task A_late_acknowledgement_is_flagged_once_and_escalated_in_the_dashboards_shape()
    {
        var item = await RoutedItemAsync(Water, TehranNoon);
        var routedAt = item.History[^1].At;
        var flaggedAt = AcknowledgeDue.AddHours(1);
        Clock.Now = flaggedAt;

        await Service<SlaEscalation>().RunAsync(CancellationToken.None);
        Clock.Now = flaggedAt.AddHours(1);
        await Service<SlaEscalation>().RunAsync(CancellationToken.None);

        var stored = (await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None))!;
        Assert.Equal(new SlaFlag(SlaKind.Acknowledge, Water, routedAt, AcknowledgeDue, flaggedAt), Assert.Single(stored.SlaFlags));
        var row = Assert.Single(await BreachRowsAsync(item.TrackingCode.Value));
        Assert.Equal($"{(DateTimeOffset.MaxValue.Ticks - flaggedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}|{item.TrackingCode}|acknowledge", row.RowKey);
        Assert.Equal(Water, row.GetString("AgencyKey"));
        Assert.Equal("acknowledge", row.GetString("Kind"));
        Assert.Equal(AcknowledgeDue, row.GetDateTimeOffset("DueAt"));
        Assert.Equal(flaggedAt, row.GetDateTimeOffset("FlaggedAt"));
        Assert.Equal("water", row.GetString("Topic"));
    }

    [Fact]
    public async Task An_acknowledged_item_is_late_only_when_it_stays_open_past_its_resolution_deadline()
    {
        var item = await RoutedItemAsync(Water, TehranNoon);
        using var water = await SignInAsync(WaterStaff);
        using (var acknowledged = await water.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/acknowledge", new { })))
            Assert.Equal(System.Net.HttpStatusCode.OK, acknowledged.StatusCode);
        var resolveDue = Service<SlaPolicy>().DueAt(SlaKind.Resolve, Water, item.History[1].At);

        Clock.Now = resolveDue.AddTicks(-1);
        await Service<SlaEscalation>().RunAsync(CancellationToken.None);
        var before = await BreachRowsAsync(item.TrackingCode.Value);
        Clock.Now = resolveDue;
        await Service<SlaEscalation>().RunAsync(CancellationToken.None);

        Assert.Empty(before);
        Assert.Equal("resolve", Assert.Single(await BreachRowsAsync(item.TrackingCode.Value)).GetString("Kind"));
    }

    [Fact]
    public async Task A_status_sms_an_interrupted_action_left_unqueued_is_queued_by_the_next_pass()
    {
        var item = await RoutedItemAsync(Water, TehranNoon);
        var store = Service<IFeedbackStore>();
        var read = (await store.GetVersionedAsync(item.TrackingCode, CancellationToken.None))!;
        // What an action saves before it queues the SMS: the new status, with the SMS still owed.
        var acknowledged = ((WorkflowOutcome.Changed)AgencyWorkflow.Apply(read.Item, new AgencyAction.Acknowledge(), WaterStaff, TehranNoon, Service<Feedback.Core.Routing.RoutingSource>().Current)).Item;
        Assert.NotNull(await store.TrySaveAsync(acknowledged, read.Version, CancellationToken.None));
        await store.ReindexAsync(read.Item, acknowledged, CancellationToken.None);

        var summary = await Service<SlaEscalation>().RunAsync(CancellationToken.None);

        Assert.True(summary.NoticesQueued >= 1);
        var expected = SmsTemplates.StatusChanged(item.TrackingCode, NotifiedStatus.Acknowledged, null, TehranNoon);
        await WaitAsync(async () => (await Service<TableOutboxGateway>().ListAsync(item.PhoneHash!, CancellationToken.None)).Any(sms => sms.Text == expected) ? "sent" : null);
        var stored = (await store.GetAsync(item.TrackingCode, CancellationToken.None))!;
        Assert.Equal(stored.History.Count, stored.NoticesQueued);
    }
}
