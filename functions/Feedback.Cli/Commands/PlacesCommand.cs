using System.CommandLine;
using Feedback.Core.Places;
using Feedback.Core.Routing;

namespace Feedback.Cli.Commands;

/// <summary>`feedback places evaluate`: the county inference's precision and recall on a labelled set (text, province, county).</summary>
public static class PlacesCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string?>("--data") { Description = "Labelled TSV (text, province, county; county empty when none); default: tests/Feedback.Core.Tests/data/places.tsv" };
        var misses = new Option<bool>("--misses") { Description = "Also list every message the inference got wrong" };
        var evaluate = new Command("evaluate", "Measure the county inference: precision, recall, abstentions") { data, misses };
        evaluate.SetAction(parse => Evaluate(console, parse.GetValue(data), parse.GetValue(misses)));
        return new Command("places", "The gazetteer and the county inferred from a message's text") { evaluate };
    }

    /// <summary>The labelled set the repository ships, next to the test that asserts its floors.</summary>
    public static string DefaultData(RepositoryPaths paths) => Path.Combine(paths.Root, "tests", "Feedback.Core.Tests", "data", "places.tsv");

    private static int Evaluate(CliConsole console, string? dataPath, bool listMisses)
    {
        var path = dataPath ?? DefaultData(RepositoryPaths.Find() ?? throw new CliException("no Feedback.sln above the working directory: give --data"));
        IReadOnlyList<LabelledPlace> messages;
        try
        {
            messages = PlaceEvaluation.Read(path, Gazetteer.Iran);
        }
        catch (LabelledPlacesException exception)
        {
            throw new CliException(exception.Message);
        }
        if (messages.Count == 0)
            throw new CliException($"{path}: no labelled rows");
        var report = PlaceEvaluation.Evaluate(Provinces.Places, messages);
        var output = console.Out;
        output.WriteLine($"messages {report.Messages}, with a county {report.WithCounty}, without {report.Messages - report.WithCounty}");
        output.WriteLine($"inferred {report.Inferred}, correct {report.Correct}, abstained {report.Abstained}, inferred where none was right {report.FalseOnEmpty}");
        output.WriteLine($"precision {report.Precision:0.000}  recall {report.Recall:0.000}");
        if (listMisses)
        {
            foreach (var miss in report.Misses)
                output.WriteLine($"{miss.Message.ProvinceKey}\texpected {miss.Message.CountyKey ?? "-"}\tgot {miss.Inference.CountyKey ?? "-"} ({miss.Inference.Outcome})\t{miss.Message.Text}");
        }
        return ExitCodes.Success;
    }
}
