using System.Text.Json;
using Feedback.Cli.Load;
using Feedback.Storage.Connection;

namespace Feedback.Cli.Tests.Load;

public class AppRequestsTests
{
    [Fact]
    public void The_apps_counts_are_read_from_its_json_and_divided_among_the_messages_without_idle_receives()
    {
        using var json = JsonDocument.Parse("""
            {"tables":{"total":30,"byKind":{"insert":10,"batch":20}},"queues":{"total":16,"byKind":{"send":5,"receive":5,"receive-empty":6}},"total":46}
            """);

        var counts = AppRequests.Parse(json.RootElement);
        var perMessage = RequestsPerMessage.Of(counts, 4);

        Assert.Equal(20, counts.Tables.ByKind["batch"]);
        Assert.Equal(6, counts.Queues.ByKind[StorageRequestCounts.EmptyReceive]);
        Assert.Equal(new RequestsPerMessage(7.5, 2.5, 10), perMessage);
    }

    [Fact]
    public void The_developer_outboxs_writes_are_counted_in_the_total_and_shown_apart()
    {
        using var json = JsonDocument.Parse("""
            {"tables":{"total":30,"byKind":{"upsert":10,"batch":20},"byTable":{"DevOutbox":4,"$batch":20,"PhoneStates":6}},"queues":{"total":10,"byKind":{"send":5,"receive":5}},"total":40}
            """);

        var perMessage = RequestsPerMessage.Of(AppRequests.Parse(json.RootElement), 4);

        Assert.Equal(new RequestsPerMessage(7.5, 2.5, 10, DevOutbox: 1), perMessage);
        Assert.Equal(9, perMessage.TotalWithoutDevOutbox);
    }
}
