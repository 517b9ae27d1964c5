using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Items;
using Feedback.Storage.Connection;
using Feedback.Storage.Items;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Cli.Tests.Commands;

/// <summary>`feedback migrate`: what it prints and how it exits. Each test has its own Azurite (a migration reads whole tables).</summary>
public sealed class MigrateCommandTests : IAsyncLifetime, IDisposable
{
    private readonly Azurite azurite = new();
    private TableClient items = null!;
    private TableClient oldClaims = null!;

    public async Task InitializeAsync()
    {
        await azurite.InitializeAsync();
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        await new TableFeedbackStore(tables).EnsureTablesAsync(CancellationToken.None);
        items = tables.GetTableClient(TableFeedbackStore.ItemsTable);
        oldClaims = tables.GetTableClient(TableFeedbackStore.SmsTable);
    }

    public async Task DisposeAsync() => await azurite.DisposeAsync();

    public void Dispose() => azurite.Dispose();

    [Fact]
    public async Task A_dry_run_prints_what_would_move_and_writes_nothing_then_a_run_moves_it_and_a_second_nothing()
    {
        var first = await OldItemAsync();
        await OldItemAsync();
        var sms = await OldItemAsync("mid-42");
        await oldClaims.AddEntityAsync(new TableEntity(TableFeedbackStore.SmsPartition("mid-42"), string.Empty) { ["TrackingCode"] = sms.Value });

        var dry = CliRun.Of("migrate", "--dry-run", "--storage", azurite.ConnectionString);

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(["items: would move 3", "sms claims: would move 1, would drop 0 (naming no item of theirs)", "conflicts: 0", "marker: would be written"], dry.OutLines);
        Assert.NotNull(await items.GetOrNullAsync(first.Value, "item", CancellationToken.None));

        var run = CliRun.Of("migrate", "--storage", azurite.ConnectionString);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["items: moved 3", "sms claims: moved 1, dropped 0 (naming no item of theirs)", "conflicts: 0"], run.OutLines[..3]);
        Assert.StartsWith("marker: written", run.OutLines[3], StringComparison.Ordinal);
        Assert.Null(await items.GetOrNullAsync(first.Value, "item", CancellationToken.None));
        Assert.Equal(sms, await new TableFeedbackStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables).FindSmsClaimAsync("mid-42", CancellationToken.None));

        var again = CliRun.Of("migrate", "--storage", azurite.ConnectionString);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(["items: moved 0", "sms claims: moved 0, dropped 0 (naming no item of theirs)", "conflicts: 0"], again.OutLines[..3]);
        Assert.Equal("marker: written already", CliRun.Of("migrate", "--dry-run", "--storage", azurite.ConnectionString).OutLines[^1]);
    }

    [Fact]
    public async Task A_conflict_is_listed_and_exits_non_zero_without_the_marker()
    {
        var code = await OldItemAsync();
        var other = new TableEntity(TableFeedbackStore.ItemPartition(code), code.Value) { ["Text"] = "متن دیگر" };
        await items.AddEntityAsync(other);

        var run = CliRun.Of("migrate", "--storage", azurite.ConnectionString);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("conflicts: 1", run.OutLines);
        Assert.Contains(run.OutLines, line => line.StartsWith($"item {code}:", StringComparison.Ordinal));
        Assert.Contains("left as conflicts", run.Error, StringComparison.Ordinal);
        Assert.False(await new TableFeedbackStore(StorageClients.FromConnectionString(azurite.ConnectionString).Tables).IsMigratedAsync(CancellationToken.None));
        Assert.NotNull(await items.GetOrNullAsync(code.Value, "item", CancellationToken.None));
    }

    [Theory]
    [InlineData("--storage", "AccountName=x", "storage connection string")]
    [InlineData("--dry-run", "yes", "yes")]
    [InlineData("--force", null, "--force")]
    public void Bad_options_are_clear_errors(string option, string? value, string named)
    {
        var run = value is null ? CliRun.Of("migrate", option) : CliRun.Of("migrate", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unreachable_storage_is_a_one_line_error()
    {
        var run = CliRun.Of("migrate", "--storage", Azurite.UnreachableConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("storage could not be reached", run.Error, StringComparison.Ordinal);
    }

    /// <summary>An item as the builds before the item shards wrote it: PK its code, RK "item", the item's columns.</summary>
    private async Task<TrackingCode> OldItemAsync(string? smsKey = null)
    {
        var code = TrackingCode.NewCode();
        var row = new TableEntity(code.Value, "item")
        {
            ["Channel"] = smsKey is null ? "Web" : "Sms",
            ["Text"] = "خیابان اصلی چاله دارد",
            ["Province"] = "zanjan",
            ["ReceivedAt"] = DateTimeOffset.UtcNow,
            ["Status"] = "Received",
            ["History"] = JsonSerializer.Serialize(new[] { new StatusChange(DateTimeOffset.UtcNow, FeedbackStatus.Received, "ثبت شد") }),
        };
        if (smsKey is not null)
            row["SmsKey"] = smsKey;
        await items.AddEntityAsync(row);
        return code;
    }
}
