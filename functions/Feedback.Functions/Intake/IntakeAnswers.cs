using System.Text.Json.Serialization;

namespace Feedback.Functions.Intake;

/// <summary>POST /api/feedback's 202: the tracking code, and where its status is read.</summary>
public sealed record FeedbackAccepted(string TrackingCode, string StatusUrl);

/// <summary>
/// An inbound SMS's 200: the tracking code of the feedback it became, or of the case it answered (<see cref="Attached"/>:
/// a question staff asked, a resolution survey), or the opt-out/opt-in command it was.
/// </summary>
public sealed record InboundSmsAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TrackingCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Command = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Changed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Attached = null);

/// <summary>A counter office's batch answered item by item.</summary>
public sealed record CounterBatchAnswer(IReadOnlyList<CounterItemResult> Results);
