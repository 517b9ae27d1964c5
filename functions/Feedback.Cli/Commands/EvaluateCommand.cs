using System.CommandLine;
using System.Text.Json;
using Feedback.Classification.Evaluation;
using Feedback.Classification.Labelled;

namespace Feedback.Cli.Commands;

/// <summary>`feedback evaluate`: scores the model on a labelled TSV, as tables or as one JSON object.</summary>
public static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "Labelled TSV file (text, sentiment, topic; topic '-' = not labelled)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout" };
        var model = ModelOption.Create();
        var command = new Command("evaluate", "Score the model on a labelled set: accuracy, macro-F1, per-class figures, confusion matrices") { data, json, model };
        command.SetAction(parse => Run(console, parse.GetValue(data)!, parse.GetValue(json), parse.GetValue(model)));
        return command;
    }

    private static int Run(CliConsole console, string dataPath, bool json, string? modelPath)
    {
        var messages = LabelledTsv.Read(dataPath);
        if (messages.Count == 0)
            throw new CliException($"{dataPath}: no labelled rows");
        var classifier = ModelOption.Load(modelPath);
        var report = Evaluator.Evaluate(classifier, messages);
        if (json)
            WriteJson(console.Out, report);
        else
            WriteTables(console.Out, report);
        return ExitCodes.Success;
    }

    private static void WriteJson(TextWriter output, EvaluationReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("sentiment");
            WriteFigures(writer, report.Sentiment);
            if (report.BinaryAccuracy is { } binary)
                writer.WriteNumber("binaryAccuracy", Math.Round(binary, 4));
            else
                writer.WriteNull("binaryAccuracy");
            writer.WriteEndObject();
            if (report.Topic is { } topic)
            {
                writer.WriteStartObject("topic");
                WriteFigures(writer, topic);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("topic");
            }
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteFigures(Utf8JsonWriter writer, ClassificationMetrics matrix)
    {
        writer.WriteNumber("n", matrix.Total);
        writer.WriteNumber("accuracy", Math.Round(matrix.Accuracy, 4));
        writer.WriteNumber("macroF1", Math.Round(matrix.MacroF1(), 4));
    }

    private static void WriteTables(TextWriter output, EvaluationReport report)
    {
        var binary = report.BinaryAccuracy is { } value ? $", binary accuracy {value:0.0000}" : "";
        WriteTable(output, "sentiment", report.Sentiment, binary);
        if (report.Topic is { } topic)
        {
            output.WriteLine();
            WriteTable(output, "topic", topic, "");
        }
        else
        {
            output.WriteLine();
            output.WriteLine("topic: no row has a topic label; skipped");
        }
    }

    private static void WriteTable(TextWriter output, string name, ClassificationMetrics matrix, string extra)
    {
        output.WriteLine($"{name} (n={matrix.Total}): accuracy {matrix.Accuracy:0.0000}, macro-F1 {matrix.MacroF1():0.0000}{extra}");
        var width = Math.Max(10, matrix.Classes.Max(key => key.Length) + 1);
        output.WriteLine($"  {"class".PadRight(width)} precision  recall     f1  support");
        foreach (var score in matrix.PerClass())
        {
            if (score.Support == 0 && score.Predicted == 0)
                continue;
            output.WriteLine($"  {score.Key.PadRight(width)} {score.Precision,9:0.000} {score.Recall,7:0.000} {score.F1,6:0.000} {score.Support,8}");
        }
        output.WriteLine("  confusion matrix (rows: actual, columns: predicted, in the order above):");
        var shown = Enumerable.Range(0, matrix.Classes.Count).Where(c => matrix.PerClass()[c] is { } s && (s.Support > 0 || s.Predicted > 0)).ToArray();
        foreach (var actual in shown)
            output.WriteLine($"  {matrix.Classes[actual].PadRight(width)} {string.Join(' ', shown.Select(predicted => matrix[actual, predicted].ToString().PadLeft(5)))}");
    }
}
