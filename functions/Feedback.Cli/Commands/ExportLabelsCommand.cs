using System.CommandLine;
using System.Globalization;
using System.Text;
using Feedback.Classification.Labelled;
using Feedback.Core.Agencies;
using Feedback.Core.Input;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Storage.Agencies;

namespace Feedback.Cli.Commands;

/// <summary>
/// `feedback export-labels`: the labels agency staff set on items (table LabelledFeedback) as a labelled TSV in
/// the taxonomy's format (text, sentiment, topic), oldest correction first, ready for `feedback train` or
/// `feedback evaluate`. The text is the citizen's message exactly as received.
/// </summary>
public static class ExportLabelsCommand
{
    public static Command Create(CliConsole console)
    {
        var storage = StorageOption.Create("Where the labelled data is kept");
        var province = new Option<string?>("--province") { Description = "Only this province's items (a province key, e.g. zanjan); all by default" };
        var since = new Option<string?>("--since") { Description = "Only labels set on or after this Tehran day: 2026-11-22 or 1405/09/01" };
        var output = new Option<string?>("--out") { Description = "The TSV file to write; stdout when left out" };
        var command = new Command("export-labels", "Write the labels staff corrected as taxonomy TSV, for retraining the classifier") { storage, province, since, output };
        command.SetAction((parse, token) => ExportAsync(console, parse.GetValue(storage), parse.GetValue(province), parse.GetValue(since), parse.GetValue(output), token));
        return command;
    }

    private static async Task<int> ExportAsync(CliConsole console, string? connectionString, string? province, string? since, string? output, CancellationToken cancellationToken)
    {
        if (province is not null && Provinces.Find(province) is null)
            throw new CliException($"--province '{province}' is not a province key (e.g. zanjan)");
        var errors = new List<FieldError>();
        var sinceDay = InboxFilter.ParseDay(since, "since", errors);
        if (errors.Count > 0)
            throw new CliException($"--since '{since}' is not a day: write 2026-11-22 or 1405/09/01");

        var store = new TableLabelStore(StorageOption.Connect(connectionString).Tables);
        var labelled = await StorageOption.Call(async () =>
        {
            await store.EnsureTableAsync(cancellationToken);
            var rows = new List<LabelledFeedback>();
            await foreach (var row in store.ListAsync(province, sinceDay is { } day ? WorkingCalendar.StartOf(day) : null, cancellationToken))
                rows.Add(row);
            return rows;
        });
        var rows = labelled.OrderBy(row => row.LabelledAt).ThenBy(row => row.TrackingCode.Value, StringComparer.Ordinal)
            .Select(row => (row.Text, row.Sentiment, (string?)row.Topic));

        if (output is null)
        {
            LabelledTsv.Write(console.Out, rows);
        }
        else
        {
            await using var file = new StreamWriter(output, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            LabelledTsv.Write(file, rows);
        }
        var from = sinceDay is { } first ? $" since {TehranTime.JalaliDate(WorkingCalendar.StartOf(first))}" : string.Empty;
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{labelled.Count} labelled message(s){from}{(province is null ? "" : $" of {province}")}{(output is null ? "" : $" written to {output}")}"));
        return ExitCodes.Success;
    }
}
