using Azure.Core;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Core.Trends;
using Feedback.Storage.Connection;
using Feedback.Storage.Trends;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Trends;

/// <summary>
/// What counting costs in requests: an instance commits its next batch on the version it wrote last, without reading,
/// and reads only when that write is refused because another instance committed first; the counts stay exact.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class TrendCountersRequestsTests(Azurite azurite)
{
    private static readonly DateOnly Day = new(2025, 10, 7);
    private static readonly TrendCell Water = new("water", "negative", "agency-water", "abhar", 2);
    private static readonly TrendCell Gas = new("gas", "positive", "agency-gas", null, null);
    private static readonly TrendCell Power = new("electricity", "neutral", "agency-power", "tarom", 4);

    private readonly CancellationToken cancellation = CancellationToken.None;

    [Fact]
    public async Task A_batch_after_the_instances_own_commit_is_one_transaction_even_for_a_cell_never_counted()
    {
        var province = $"test{Guid.NewGuid():N}";
        var counter = new StorageRequestCounter();
        var counters = Counted(counter);
        await counters.RecordAsync(Event(1, province, Water), cancellation);
        var before = counter.Snapshot();

        await counters.RecordAsync(Event(2, province, Water), cancellation);
        await counters.RecordAsync(Event(3, province, Gas), cancellation);

        var spent = counter.Snapshot().Since(before).Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary();
        Assert.Equal(new Dictionary<string, long> { ["batch"] = 2 }, spent);
        Assert.Equal([(Water, 2L), (Gas, 1L)], (await counters.ReadAsync(province, Day, Day, cancellation)).Select(count => (count.Cell, count.Count)).OrderByDescending(count => count.Item2));
    }

    [Fact]
    public async Task A_write_refused_because_another_instance_committed_first_is_read_again_and_counts_exactly()
    {
        var province = $"test{Guid.NewGuid():N}";
        var counter = new StorageRequestCounter();
        var first = Counted(counter);
        var second = Counted(new StorageRequestCounter());
        await first.RecordAsync(Event(1, province, Water), cancellation);
        await second.RecordAsync(Event(2, province, Water), cancellation);
        await second.RecordAsync(Event(3, province, Gas), cancellation);
        var before = counter.Snapshot();

        // The first instance's version is gone: its write is refused; it reads the head and the counter it increments,
        // and commits; then it commits blind again, reading only the counters it does not know.
        await first.RecordAsync(Event(4, province, Water), cancellation);
        await first.RecordAsync(Event(5, province, Power), cancellation);
        // A redelivery of an item the other instance counted (its counter read, then the transaction refused by its marker).
        await first.RecordAsync(Event(3, province, Gas), cancellation);
        // The other instance's blind write is refused in turn, and it reads.
        await second.RecordAsync(Event(6, province, Gas), cancellation);

        Assert.Equal(
            new Dictionary<string, long> { ["batch"] = 4, ["query"] = 1, ["point-read"] = 3 },
            counter.Snapshot().Since(before).Tables.ByKind.Where(kind => kind.Value > 0).ToDictionary());
        Assert.Equal(
            [(Water, 3L), (Gas, 2L), (Power, 1L)],
            (await second.ReadAsync(province, Day, Day, cancellation)).Select(count => (count.Cell, count.Count)).OrderByDescending(count => count.Item2));
    }

    private TableTrendCounters Counted(StorageRequestCounter counter)
    {
        var options = new TableClientOptions();
        options.AddPolicy(counter.TablePolicy, HttpPipelinePosition.PerRetry);
        return new(StorageClients.FromConnectionString(azurite.ConnectionString, options).Tables);
    }

    private static TrendEvent Event(int number, string province, TrendCell cell) => new(Code(number), province, Day, cell);

    // The tracking code whose first nine digits are 400,000,000 + number (one of ten check digits makes it a code).
    private static TrackingCode Code(int number) =>
        Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical($"4{number:D8}{check}")).First(code => code is not null)!;
}
