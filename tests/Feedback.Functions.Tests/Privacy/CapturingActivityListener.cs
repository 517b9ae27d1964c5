using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Feedback.Functions.Tests.Privacy;

/// <summary>One finished activity as a tracing exporter would see it: source, names, tags, events, baggage and status.</summary>
public sealed record CapturedActivity(string Source, string OperationName, string DisplayName, IReadOnlyList<KeyValuePair<string, string>> Tags, IReadOnlyList<string> Events, string? StatusDescription)
{
    /// <summary>Every text of the activity, each with where it was found ("display name", "tag url.full", …).</summary>
    public IEnumerable<(string Where, string Text)> Texts =>
        new[] { ("display name", DisplayName), ("operation name", OperationName), ("status", StatusDescription ?? string.Empty) }
            .Concat(Tags.Select(tag => ($"tag {tag.Key}", tag.Value)))
            .Concat(Events.Select(text => ("event", text)));

    public override string ToString() => $"{Source} \"{DisplayName}\"";
}

/// <summary>
/// Listens to every activity source in the process, recording all data, for as long as it is not disposed: what any
/// tracing configuration of the app could export.
/// </summary>
public sealed class CapturingActivityListener : IDisposable
{
    private readonly ConcurrentQueue<CapturedActivity> activities = new();
    private readonly ActivityListener listener;

    public CapturingActivityListener()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => activities.Enqueue(Capture(activity)),
            ActivityStopped = activity => activities.Enqueue(Capture(activity)),
        };
        ActivitySource.AddActivityListener(listener);
    }

    /// <summary>Each activity twice: as it started, and as it stopped (display names and tags change in between).</summary>
    public IReadOnlyList<CapturedActivity> Activities => [.. activities];

    public void Dispose() => listener.Dispose();

    private static CapturedActivity Capture(Activity activity) => new(
        activity.Source.Name,
        activity.OperationName,
        activity.DisplayName,
        [.. activity.TagObjects.Select(tag => new KeyValuePair<string, string>(tag.Key, Text(tag.Value))), .. activity.Baggage.Select(item => new KeyValuePair<string, string>("baggage " + item.Key, item.Value ?? string.Empty))],
        [.. activity.Events.Select(activityEvent => activityEvent.Name + " " + string.Join(", ", activityEvent.Tags.Select(tag => $"{tag.Key}={Text(tag.Value)}")))],
        activity.StatusDescription);

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        System.Collections.IEnumerable many => string.Join(", ", many.Cast<object?>().Select(Text)),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
