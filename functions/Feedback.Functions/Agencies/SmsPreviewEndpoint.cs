using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Functions.Access;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Agencies;

/// <summary>
/// POST /api/inbox/sms-preview: the SMS the citizen would receive if the item's agency took an action now, before
/// staff confirm it. The action is applied to the stored item in memory only, by the workflow the action itself uses,
/// and the text comes from <see cref="StatusNotices"/>, the code that queues the real SMS: the preview is that SMS.
/// Nothing is stored or sent.
/// </summary>
internal static partial class InboxEndpoints
{
    private static void MapSmsPreview(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/inbox/sms-preview", PreviewSmsAsync).WithName("InboxSmsPreview").RequireStaff(StaffRole.AgencyStaff).RequireSameOrigin()
            .AnswersOutageWith("the item cannot be read right now; try again shortly")
            .WithTags(ApiTags.Inbox)
            .WithSummary("The SMS the citizen would receive if the item's agency took the action now (nothing is saved or sent)")
            .ReadsJson<SmsPreviewRequest>()
            .Produces<SmsPreviewView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

    private static async Task<IResult> PreviewSmsAsync(HttpContext context, IFeedbackStore store, RoutingSource routing, TimeProvider clock, IOptions<PipelineSettings> settings, PublicPages pages, CancellationToken cancellationToken)
    {
        NoStore(context);
        var (body, problem) = await RequestBody.ReadJsonAsync<SmsPreviewRequest>(context.Request, cancellationToken);
        if (problem is not null)
            return problem;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var code = ParseCode(body!.TrackingCode ?? string.Empty);
        if (code is null)
            errors["trackingCode"] = ["a tracking code is 10 digits with a valid check digit"];
        if (body.Operation is null || !AgencyAction.Names.Contains(body.Operation))
            errors["operation"] = [$"one of {string.Join(", ", AgencyAction.Names)}"];
        if (errors.Count > 0)
            return Problems.Validation(errors);

        var item = await store.GetAsync(code!, cancellationToken);
        if (item is null)
            return NotFound();
        var user = context.Staff();
        if (!MayWork(user, item))
            return Problems.Status(StatusCodes.Status403Forbidden, "Not your item", "only the staff of the agency the item is assigned to may act on it");
        var action = new ActionRequest(body.Reply, body.Reason, body.Agency, Sentiment: null, Topic: null, body.Question).ToAction(body.Operation!, TimeSpan.FromHours(settings.Value.CitizenQuestionWindowHours));
        return AgencyWorkflow.Apply(item, action, user.Id, clock.GetUtcNow(), routing.Current) switch
        {
            WorkflowOutcome.Changed changed => Results.Ok(SmsPreviewView.Of(item, changed.Item, routing.Current, pages)),
            WorkflowOutcome.Invalid invalid => Problems.Validation(Grouped(invalid.Errors)),
            WorkflowOutcome.NotNow notNow => Problems.Status(StatusCodes.Status409Conflict, "Not possible now", notNow.Reason),
            _ => throw new InvalidOperationException("an unknown workflow outcome"),
        };
    }

    private sealed record SmsPreviewRequest(
        [property: Description("The item's tracking code"), Required] string? TrackingCode,
        [property: Description("The action to preview: resolve, reject, …, as POST /api/inbox/items/{trackingCode}/{operation} names it"), Required] string? Operation,
        [property: Description("resolve: the reply to the citizen")] string? Reply,
        [property: Description("reject or reassign: the reason")] string? Reason,
        [property: Description("reassign: the agency to send the item to")] string? Agency,
        [property: Description("ask: the question to the citizen")] string? Question);
}

/// <summary>
/// The SMS an action would send the citizen: <see cref="Sends"/> false when it sends none (the citizen left no phone
/// number, or the action is not one citizens are told of); otherwise its exact text and how many SMS segments it takes.
/// </summary>
internal sealed record SmsPreviewView(bool Sends, string? Text, int Segments)
{
    public static SmsPreviewView Of(FeedbackItem before, FeedbackItem after, RoutingTable routing, PublicPages pages)
    {
        ArgumentNullException.ThrowIfNull(before);
        // Only the steps the action adds: an earlier step's SMS is already queued or sent.
        var added = StatusNotices.Pending(after with { NoticesQueued = Math.Max(after.NoticesQueued, before.History.Count) }, routing, pages, TimeSpan.Zero);
        if (added.Count == 0)
            return new(Sends: false, Text: null, Segments: 0);
        var text = added[^1].Sms.Text;
        return new(Sends: true, text, SmsSegments.Count(text));
    }
}
