using System.CommandLine;
using System.Globalization;
using Feedback.Storage.Items;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback migrate`: moves the rows of the storage layouts before into the current one (items keyed by their code
/// into their shards, SMS claims of SmsDeduplication into theirs) and writes the marker that stops the app's reads of
/// the old layouts. The move itself is <see cref="TableFeedbackStore.MigrateLayoutsAsync"/>'s; safe to run while the
/// app runs, and again.
/// </summary>
public static class MigrateCommand
{
    public static Command Create(CliConsole console)
    {
        var storage = StorageOption.Create("The deployment's storage account");
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be moved, dropped or left as a conflict; write nothing" };
        var command = new Command("migrate", "Move items and SMS claims of the old storage layouts into the current one, then mark the layouts migrated") { storage, dryRun };
        command.SetAction((parse, token) => MigrateAsync(console, parse.GetValue(storage), parse.GetValue(dryRun), token));
        return command;
    }

    private static async Task<int> MigrateAsync(CliConsole console, string? connectionString, bool dryRun, CancellationToken cancellationToken)
    {
        var store = new TableFeedbackStore(StorageOption.Connect(connectionString).Tables);
        var migration = await StorageOption.Call(async () =>
        {
            if (!dryRun)
                await store.EnsureTablesAsync(cancellationToken);
            return await store.MigrateLayoutsAsync(dryRun, cancellationToken);
        });
        var verb = dryRun ? "would move" : "moved";
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items: {verb} {migration.Items}"));
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sms claims: {verb} {migration.Claims}, {(dryRun ? "would drop" : "dropped")} {migration.DroppedClaims} (naming no item of theirs)"));
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"conflicts: {migration.Conflicts.Count}"));
        foreach (var conflict in migration.Conflicts)
            console.Out.WriteLine($"  {conflict}");
        if (migration.Conflicts.Count > 0)
        {
            console.Error.WriteLine($"error: {migration.Conflicts.Count} row(s) of the old layouts {(dryRun ? "would be" : "were")} left as conflicts (listed above); {(dryRun ? "the marker would not be written" : "the marker is not written")} until none is left (docs/operations.md, \"Migrate the old storage layouts\")");
            return ExitCodes.Failure;
        }
        if (dryRun)
            console.Out.WriteLine($"marker: {(await StorageOption.Call(() => store.IsMigratedAsync(cancellationToken)) ? "written already" : "would be written")}");
        else if (migration.Marked)
            console.Out.WriteLine($"marker: written (FeedbackItems PK {TableFeedbackStore.MarkerPartition} RK {TableFeedbackStore.MigratedRow}); running apps stop reading the old layouts within a minute");
        else
            throw new CliException("rows of the old layouts appeared while the migration ran (is a build from before the item shards still running?): run it again once none runs", ExitCodes.Failure);
        return ExitCodes.Success;
    }
}
