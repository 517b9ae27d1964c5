using Feedback.Core.Agencies;
using Feedback.Core.Clients;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Routing;
using Feedback.Functions.Access;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Operations;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Agencies;

/// <summary>
/// The agency inbox: its page at /staff and its JSON API under /api/inbox. Every request is checked on the
/// server: the role (<see cref="StaffAccess.RequireStaff"/>) and then the scope of what it reads or changes: an
/// agency's staff see and act on their own agency's items in their province only, a governorate analyst reads
/// (never changes) their province's, a national admin reads every province's. Changes also pass
/// <see cref="SameOriginGuard"/>. Answers carry personal data, so nothing is cached.
/// </summary>
internal static partial class InboxEndpoints
{
    public const int DefaultPageSize = 25;

    /// <summary>The most items a list by deadline orders (the newest of those matching).</summary>
    public const int MaxSortedItems = 1000;

    public static void MapAgencies(this IEndpointRouteBuilder endpoints)
    {
        const string ItemUnreadable = "the item cannot be read right now; try again shortly";
        endpoints.MapGet("/api/inbox", ListAsync).WithName("InboxList").RequireStaff()
            .AnswersOutageWith("the inbox cannot be read right now; try again shortly")
            .WithTags(ApiTags.Inbox)
            .WithSummary("An agency's items, newest first or by deadline (sort=deadline), filtered and paged")
            .Produces<InboxPageView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/api/inbox/items/{trackingCode}", ShowAsync).WithName("InboxItem").RequireStaff().AnswersOutageWith(ItemUnreadable)
            .WithTags(ApiTags.Inbox)
            .WithSummary("One item of an inbox the member of staff may open, with the actions they may take")
            .Produces<ItemView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        // Served by the InboxAction function's route; its own name is the operationId.
        endpoints.MapPost("/api/inbox/items/{trackingCode}/original", ReadOriginalAsync).WithMetadata(new HostFunction("InboxAction")).WithName("InboxOriginalText")
            .RequireStaff(StaffRole.AgencyStaff).RequireSameOrigin().AnswersOutageWith(ItemUnreadable)
            .WithTags(ApiTags.Inbox)
            .WithSummary("The text as the citizen wrote it, unmasked, for the assigned agency's staff (each read is logged)")
            .Produces<OriginalTextView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        endpoints.MapPost("/api/inbox/items/{trackingCode}/{operation}", ActAsync).WithName("InboxAction").RequireStaff(StaffRole.AgencyStaff).RequireSameOrigin()
            .AnswersOutageWith("the action could not be completed right now; open the item again to see what was saved, and retry")
            .WithTags(ApiTags.Inbox)
            .WithSummary("acknowledge, start, resolve, reject, reassign, correct or ask about an item; resolve, reject and ask send the citizen an SMS")
            .ReadsJson<ActionRequest>()
            .Produces<ItemView>(StatusCodes.Status200OK).AnswersProblem(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        MapSmsPreview(endpoints);
        endpoints.MapGet(StaffPages.InboxPath, ShowPageAsync).WithMetadata(new HostFunction("Pages"))
            .AnswersOutageWith("the membership table cannot be read right now; try again shortly");
    }

    private static async Task<IResult> ShowPageAsync(HttpContext context, IStaffUserResolver resolver, StaffSignIn signIn, CancellationToken cancellationToken)
    {
        if (signIn.Refusal() is { } off)
            return off;
        var user = await resolver.ResolveAsync(context, cancellationToken);
        if (user is not null)
            return await StaffPages.RenderAsync("staff/inbox.html", context, cancellationToken);
        // Signed in with Entra ID but without a membership: sending them to sign in again would only bring them back here.
        if (signIn.SignedInElsewhere(context.Request))
            return Problems.Status(StatusCodes.Status403Forbidden, "Not a member of staff", "you are signed in, but no membership gives you a role here: ask the administrator to add you (feedback members add)");
        return Results.Redirect(signIn.AddressFor(StaffNavigation.HereOf(context.Request)));
    }

    private static async Task<IResult> ListAsync(HttpContext context, IAgencyInbox inbox, RoutingSource routing, SlaPolicy sla, TimeProvider clock, CancellationToken cancellationToken)
    {
        NoStore(context);
        var user = context.Staff();
        var query = context.Request.Query;
        var (province, agency, scopeProblem) = InboxOf(user, Value(query["province"]), Value(query["agency"]), routing.Current);
        if (scopeProblem is not null)
            return scopeProblem;
        var (filter, errors) = InboxFilter.Parse(query["status"], query["topic"], query["sentiment"], query["county"], query["from"], query["to"], query["q"], province!);
        var pageSize = DefaultPageSize;
        if (Value(query["pageSize"]) is { } size && (!int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > InboxQuery.MaxPageSize))
            errors = [.. errors, new FieldError("pageSize", $"from 1 to {InboxQuery.MaxPageSize}")];
        var byDeadline = Value(query["sort"]) switch
        {
            null or "newest" => false,
            "deadline" => true,
            _ => (bool?)null,
        };
        if (byDeadline is null)
            errors = [.. errors, new FieldError("sort", "newest or deadline")];
        if (filter is null || errors.Count > 0)
            return Problems.Validation(Grouped(errors));
        var now = clock.GetUtcNow();
        var inboxQuery = new InboxQuery(province!, agency!, filter, pageSize);
        if (byDeadline == true)
            return await ListByDeadlineAsync(inbox, inboxQuery, Value(query["continuation"]), sla, now, cancellationToken);
        try
        {
            var page = await inbox.QueryAsync(inboxQuery, Value(query["continuation"]), cancellationToken);
            return Results.Ok(new InboxPageView(province!, agency!, [.. page.Entries.Select(entry => InboxRowView.Of(entry, sla, now))], page.ContinuationToken));
        }
        catch (ArgumentException badToken) when (badToken.ParamName == "token")
        {
            return Problems.Validation(new() { ["continuation"] = ["not a continuation token this inbox gave out"] });
        }
    }

    /// <summary>
    /// The inbox's items by the deadline they wait on, soonest (most overdue) first, those without one (closed) last,
    /// newest first among equals. The order needs every matching item: the newest <see cref="MaxSortedItems"/> are read
    /// for each page, and the continuation is the position in that order.
    /// </summary>
    private static async Task<IResult> ListByDeadlineAsync(IAgencyInbox inbox, InboxQuery query, string? continuation, SlaPolicy sla, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var offset = 0;
        if (continuation is not null && (!int.TryParse(continuation, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset > MaxSortedItems))
            return Problems.Validation(new() { ["continuation"] = ["not a continuation token this inbox gave out"] });
        var entries = new List<InboxEntry>();
        string? token = null;
        do
        {
            var page = await inbox.QueryAsync(query with { PageSize = InboxQuery.MaxPageSize }, token, cancellationToken);
            entries.AddRange(page.Entries);
            token = page.ContinuationToken;
        }
        while (token is not null && entries.Count < MaxSortedItems);
        var rows = entries.Take(MaxSortedItems).Select(entry => InboxRowView.Of(entry, sla, now))
            .OrderBy(row => row.Deadline is null).ThenBy(row => row.Deadline?.DueAt, StringComparer.Ordinal).ToArray();
        var next = offset + query.PageSize;
        return Results.Ok(new InboxPageView(query.Province, query.AgencyKey, [.. rows.Skip(offset).Take(query.PageSize)],
            next < rows.Length ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }

    private static Task<IResult> ShowAsync(string trackingCode, HttpContext context, IFeedbackStore store, RoutingSource routing, PhoneProtector phones, SlaPolicy sla, IApiKeyStore keys, TimeProvider clock, CancellationToken cancellationToken) =>
        WithItemAsync(trackingCode, context, store, MayRead, "the item is in an inbox you may not open",
            async (user, item) => Results.Ok(ItemView.Of(item, routing.Current, phones, sla, MayWork(user, item), clock.GetUtcNow(), await CounterOfficeNameAsync(item, keys, cancellationToken))), cancellationToken);

    /// <summary>
    /// The name of the counter office that typed the item in, from the catalogue of API clients: a counter office is a
    /// client with a key of its own (<c>feedback keys issue --name …</c>), and the id an item records is that client's
    /// id. An id an agency system named itself in a completed service (not a client's) has no name here: null.
    /// </summary>
    private static async Task<string?> CounterOfficeNameAsync(FeedbackItem item, IApiKeyStore keys, CancellationToken cancellationToken) =>
        item.CounterOffice is null ? null : (await keys.ListAsync(cancellationToken)).FirstOrDefault(client => client.Id == item.CounterOffice)?.Name;

    /// <summary>
    /// The text as the citizen wrote it, personal data unmasked, for the assigned agency's staff who must call back:
    /// a POST from the inbox page (so another site cannot make a browser fetch it) and every read logged with who read which item.
    /// </summary>
    private static Task<IResult> ReadOriginalAsync(string trackingCode, HttpContext context, IFeedbackStore store, PhoneProtector phones, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        WithItemAsync(trackingCode, context, store, MayWork, "only the assigned agency's staff may read the original text", (user, item) =>
        {
            if (item.EncryptedText is null)
                return Task.FromResult(Results.Ok(new OriginalTextView(item.Text, Masked: false)));
            LogOriginalRead(loggers.CreateLogger("Feedback.Privacy"), user.Id, item.TrackingCode.Value);
            return Task.FromResult(Results.Ok(new OriginalTextView(phones.DecryptText(item.EncryptedText), Masked: true)));
        }, cancellationToken);

    /// <summary>One item by its code, answered by <paramref name="answer"/> when <paramref name="allowed"/> lets the signed-in member of staff have it.</summary>
    private static async Task<IResult> WithItemAsync(string trackingCode, HttpContext context, IFeedbackStore store, Func<StaffUser, FeedbackItem, bool> allowed, string refusal, Func<StaffUser, FeedbackItem, Task<IResult>> answer, CancellationToken cancellationToken)
    {
        NoStore(context);
        if (ParseCode(trackingCode) is not { } code)
            return Problems.Validation(new() { ["trackingCode"] = ["a tracking code is 10 digits with a valid check digit"] });
        var item = await store.GetAsync(code, cancellationToken);
        var user = context.Staff();
        if (item is null)
            return NotFound();
        if (!allowed(user, item))
            return Problems.Status(StatusCodes.Status403Forbidden, "Not your item", refusal);
        return await answer(user, item);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Staff member {UserId} read the original (unmasked) text of {TrackingCode}")]
    private static partial void LogOriginalRead(ILogger logger, string userId, string trackingCode);

    private static async Task<IResult> ActAsync(string trackingCode, string operation, HttpContext context, AgencyActions actions, RoutingSource routing, PhoneProtector phones, SlaPolicy sla, IApiKeyStore keys, TimeProvider clock, IOptions<PipelineSettings> settings, CancellationToken cancellationToken)
    {
        NoStore(context);
        if (!AgencyAction.Names.Contains(operation))
            return Problems.Status(StatusCodes.Status404NotFound, "Unknown action", $"the actions are {string.Join(", ", AgencyAction.Names)}");
        if (ParseCode(trackingCode) is not { } code)
            return Problems.Validation(new() { ["trackingCode"] = ["a tracking code is 10 digits with a valid check digit"] });
        var (body, problem) = await RequestBody.ReadJsonAsync<ActionRequest>(context.Request, cancellationToken);
        if (problem is not null)
            return problem;
        var user = context.Staff();
        var questionWindow = TimeSpan.FromHours(settings.Value.CitizenQuestionWindowHours);
        var result = await actions.ApplyAsync(code, body!.ToAction(operation, questionWindow), user.Id, item => MayWork(user, item), cancellationToken);
        return result switch
        {
            AgencyActionResult.Done done => Results.Ok(ItemView.Of(done.Item, routing.Current, phones, sla, MayWork(user, done.Item), clock.GetUtcNow(), await CounterOfficeNameAsync(done.Item, keys, cancellationToken))),
            AgencyActionResult.NotFound => NotFound(),
            AgencyActionResult.Forbidden => Problems.Status(StatusCodes.Status403Forbidden, "Not your item", "only the staff of the agency the item is assigned to may act on it"),
            AgencyActionResult.Refused { Outcome: WorkflowOutcome.Invalid invalid } => Problems.Validation(Grouped(invalid.Errors)),
            AgencyActionResult.Refused { Outcome: WorkflowOutcome.NotNow notNow } => Problems.Status(StatusCodes.Status409Conflict, "Not possible now", notNow.Reason),
            _ => Problems.Status(StatusCodes.Status409Conflict, "Changed meanwhile", "others changed the item while this was applied; open it again and retry"),
        };
    }

    /// <summary>The inbox a list request may read, or why not: an agency's staff their own; others name one in their scope.</summary>
    private static (string? Province, string? Agency, IResult? Problem) InboxOf(StaffUser user, string? province, string? agency, RoutingTable routing)
    {
        if (user.Role == StaffRole.AgencyStaff)
        {
            return (province is null || province == user.Province) && (agency is null || agency == user.AgencyKey)
                ? (user.Province, user.AgencyKey, null)
                : (null, null, Problems.Status(StatusCodes.Status403Forbidden, "Not your inbox", "agency staff open their own agency's inbox only"));
        }
        province ??= user.Province;
        if (province is null || agency is null)
            return (null, null, Problems.Validation(new() { [province is null ? "province" : "agency"] = ["name the inbox to open: its province and agency"] }));
        if (!user.CanSeeProvince(province))
            return (null, null, Problems.Status(StatusCodes.Status403Forbidden, "Not your province", "a governorate analyst sees their own province only"));
        return routing.FindAgency(agency) is { } found && found.ProvinceKey == province
            ? (province, agency, null)
            : (null, null, Problems.Validation(new() { ["agency"] = [$"not an agency of {province}"] }));
    }

    private static bool MayRead(StaffUser user, FeedbackItem item) => user.Role == StaffRole.AgencyStaff
        ? MayWork(user, item)
        : user.CanSeeProvince(item.Province);

    private static bool MayWork(StaffUser user, FeedbackItem item) =>
        item.Assessment is { } assessment && user.CanWorkAgency(item.Province, assessment.AgencyKey);

    private static TrackingCode? ParseCode(string trackingCode) => TrackingCode.Parse(trackingCode).Code;

    private static IResult NotFound() => Problems.Status(StatusCodes.Status404NotFound, "Unknown tracking code", "no feedback has this tracking code");

    private static Dictionary<string, string[]> Grouped(IEnumerable<FieldError> errors) =>
        errors.GroupBy(error => error.Field).ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray());

    private static string? Value(Microsoft.Extensions.Primitives.StringValues values) => string.IsNullOrWhiteSpace(values) ? null : values.ToString().Trim();

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    /// <summary>Every action's body: acknowledge and start need nothing, the others their own fields.</summary>
    private sealed record ActionRequest(string? Reply, string? Reason, string? Agency, string? Sentiment, string? Topic, string? Question)
    {
        /// <param name="questionWindow">How long a question to the citizen waits for the answer (<see cref="PipelineSettings.CitizenQuestionWindowHours"/>).</param>
        public AgencyAction ToAction(string name, TimeSpan questionWindow) => name switch
        {
            "ask" => new AgencyAction.Ask(Question, questionWindow),
            "acknowledge" => new AgencyAction.Acknowledge(),
            "start" => new AgencyAction.StartWork(),
            "resolve" => new AgencyAction.Resolve(Reply),
            "reject" => new AgencyAction.Reject(Reason),
            "reassign" => new AgencyAction.Reassign(Agency, Reason),
            "to-case" => new AgencyAction.MakeCase(),
            "to-feedback" => new AgencyAction.MakeFeedback(),
            _ => new AgencyAction.CorrectLabels(Sentiment, Topic),
        };
    }
}
