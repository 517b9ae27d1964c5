using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feedback.Core.Clients;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Functions.Intake;

/// <summary>One item of a counter office's batch: what the citizen said, typed in by the office's staff.</summary>
public sealed record CounterFeedbackItem(
    [property: Required] string? Text,
    string? Phone,
    string? County,
    [property: Description("At most 64 ASCII letters, digits, '-', '_' or '.'"), RegularExpression(@"^[A-Za-z0-9._-]{1,64}$")] string? ServiceCode,
    [property: Range(1, 5)] int? Rating);

/// <summary>A counter office's batch: at most <see cref="MaxItems"/> items, each accepted or rejected on its own.</summary>
public sealed record CounterFeedbackRequest([property: Required, Description("1 to 100 items")] IReadOnlyList<CounterFeedbackItem?>? Items)
{
    public const int MaxItems = 100;

    /// <summary>100 items of up to 2,000 Persian characters do not fit the web form's 16 KB.</summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>The item as feedback from this office, in its province, or the errors that reject it.</summary>
    public static (NewFeedback? Feedback, Dictionary<string, string[]> Errors) Validate(CounterFeedbackItem? item, ApiClient office, RoutingTable routing)
    {
        if (item is null)
            return (null, new() { ["item"] = ["must be an object"] });
        var (feedback, errors) = new WebFeedbackRequest(item.Text, item.Phone, office.Province, item.County, item.ServiceCode, Agency: null, item.Rating)
            .Validate(routing);
        return (feedback is null ? null : feedback with { Channel = FeedbackChannel.CounterOffice, CounterOffice = office.Id }, errors);
    }
}

/// <summary>The answer for one item, by its index in the batch.</summary>
public sealed record CounterItemResult(int Index, bool Accepted, string? TrackingCode, Dictionary<string, string[]>? Errors);
