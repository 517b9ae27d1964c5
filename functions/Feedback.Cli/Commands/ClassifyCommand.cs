using System.CommandLine;
using System.Text.Json;
using Feedback.Classification;

namespace Feedback.Cli.Commands;

/// <summary>`feedback classify`: labels one message given as an argument, or each line of stdin.</summary>
public static class ClassifyCommand
{
    public static Command Create(CliConsole console)
    {
        var text = new Argument<string?>("text") { Description = "The message. Without it, each line of stdin is one message", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "One JSON object per message" };
        var model = ModelOption.Create();
        var command = new Command("classify", "Label messages with sentiment and topic, their probabilities and a needs-review flag") { text, json, model };
        command.SetAction(parse => Run(console, parse.GetValue(text), parse.GetValue(json), parse.GetValue(model)));
        return command;
    }

    private static int Run(CliConsole console, string? text, bool json, string? modelPath)
    {
        var classifier = ModelOption.Load(modelPath);
        if (text is not null)
        {
            var result = classifier.Classify(text);
            if (json)
                console.Out.WriteLine(ToJson(text, result));
            else
                WriteDetailed(console.Out, result);
            return ExitCodes.Success;
        }

        if (!json)
            console.Out.WriteLine("sentiment\tp\ttopic\tp\treview\ttext");
        while (console.In.ReadLine() is { } line)
        {
            var result = classifier.Classify(line);
            console.Out.WriteLine(json
                ? ToJson(line, result)
                : $"{result.Sentiment.Key}\t{result.Sentiment.Probability:0.000}\t{result.Topic.Key}\t{result.Topic.Probability:0.000}\t{ReviewLabel(result.ReviewReason)}\t{line}");
        }
        return ExitCodes.Success;
    }

    private static void WriteDetailed(TextWriter output, FeedbackClassification result)
    {
        WritePrediction(output, "sentiment", result.Sentiment);
        WritePrediction(output, "topic", result.Topic);
        output.WriteLine($"review     {ReviewLabel(result.ReviewReason)}");
    }

    private static void WritePrediction(TextWriter output, string name, LabelPrediction prediction)
    {
        var others = Enumerable.Range(0, prediction.Classes.Count)
            .Where(k => prediction.Classes[k] != prediction.Key)
            .OrderByDescending(k => prediction.Probabilities[k])
            .Take(3)
            .Select(k => $"{prediction.Classes[k]} {prediction.Probabilities[k]:0.000}");
        var flag = prediction.LowConfidence ? "  [low confidence]" : "";
        output.WriteLine($"{name,-10} {prediction.Key} {prediction.Probability:0.000}{flag}  ({string.Join(", ", others)})");
    }

    private static string ReviewLabel(ReviewReason reason) => reason switch
    {
        ReviewReason.None => "no",
        ReviewReason.LowConfidence => "low-confidence",
        ReviewReason.NoWords => "no-words",
        ReviewReason.TooLong => "too-long",
        _ => reason.ToString(),
    };

    private static string ToJson(string text, FeedbackClassification result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            WritePrediction(writer, "sentiment", result.Sentiment);
            WritePrediction(writer, "topic", result.Topic);
            writer.WriteBoolean("needsReview", result.NeedsReview);
            writer.WriteString("reviewReason", ReviewLabel(result.ReviewReason));
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WritePrediction(Utf8JsonWriter writer, string name, LabelPrediction prediction)
    {
        writer.WriteStartObject(name);
        writer.WriteString("key", prediction.Key);
        writer.WriteNumber("probability", Math.Round(prediction.Probability, 4));
        writer.WriteBoolean("lowConfidence", prediction.LowConfidence);
        writer.WriteStartObject("probabilities");
        for (var k = 0; k < prediction.Classes.Count; k++)
            writer.WriteNumber(prediction.Classes[k], Math.Round(prediction.Probabilities[k], 4));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
