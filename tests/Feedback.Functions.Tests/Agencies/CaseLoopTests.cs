using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Processing;
using Feedback.Core.Routing;
using Feedback.Core.Time;
using Feedback.Core.Trends;
using Feedback.Storage.Notifications;
using Feedback.Storage.Surveys;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>
/// The loop closes with the citizen, through the running app: the whole answer (or its link), the resolution survey
/// and its answer reopening the case, and a clerk's question whose SMS answer goes back to the case. Intake takes every
/// SMS as an item of its own; processing finds the case it answers and ends that item attached to the case.
/// </summary>
public sealed class CaseLoopTests(Azurite azurite) : StaffAppTests(azurite)
{
    private static readonly string LongAnswer = string.Join(' ', Enumerable.Repeat("لوله اصلی خیابان شما در روز شنبه تعویض شد و فشار آب به حالت عادی برگشت؛ کنتور پلاک شما هم بازدید شد.", 6));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var tables = Service<TableServiceClient>();
        foreach (var table in TableSmsStore.Tables.Append(TableOutboxGateway.OutboxTable).Append(TableSurveyStore.SurveysTable))
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
    }

    private static async Task<JsonElement> ActAsync(HttpClient client, string code, string action, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.SendAsync(StaffPost($"/api/inbox/items/{code}/{action}", body));
        return await JsonOf(response, expected);
    }

    private Task<string> WaitForSmsAsync(FeedbackItem item, Func<string, bool> wanted) =>
        WaitAsync(async () => (await Service<TableOutboxGateway>().ListAsync(item.PhoneHash!, CancellationToken.None)).Select(sms => sms.Text).FirstOrDefault(wanted));

    private async Task<JsonElement> ReplyAsync(string from, string message)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = from, ["to"] = "10004346", ["message"] = message });
        using var response = await Client.PostAsync($"/api/sms/inbound/{Factory.Settings["Feedback:SmsInboundSecret"]}", form);
        return await JsonOf(response, HttpStatusCode.OK);
    }

    private async Task<FeedbackItem> StoredAsync(TrackingCode code) => (await Service<IFeedbackStore>().GetAsync(code, CancellationToken.None))!;

    private static TrackingCode CodeOf(JsonElement answer) => TrackingCode.FromCanonical(answer.GetProperty("trackingCode").GetString())!;

    /// <summary>An SMS's item as intake stores it, received at <paramref name="receivedAt"/> and not handed to processing: the test processes it.</summary>
    private async Task<FeedbackItem> ReceivedSmsAsync(string from, string text, DateTimeOffset receivedAt)
    {
        var phones = Service<PhoneProtector>();
        var phone = IranianMobile.Parse(from).Mobile!;
        var item = new FeedbackItem
        {
            TrackingCode = TrackingCode.NewCode(),
            Channel = FeedbackChannel.Sms,
            Text = text,
            Province = Provinces.ZanjanKey,
            ReceivedAt = receivedAt,
            EncryptedPhone = phones.Encrypt(phone),
            PhoneHash = phones.LookupHash(phone),
            History = [new StatusChange(receivedAt, FeedbackStatus.Received, "ثبت شد")],
        };
        Assert.NotNull(await Service<IFeedbackStore>().TryCreateAsync(item, CancellationToken.None));
        return item;
    }

    /// <summary>The SMS's own item once processing is done with it (no longer received).</summary>
    private Task<FeedbackItem> ProcessedAsync(TrackingCode code) =>
        WaitAsync(async () => await Service<IFeedbackStore>().GetAsync(code, CancellationToken.None) is { Status: not FeedbackStatus.Received } item ? item : null);

    /// <summary>
    /// The SMS's own item, attached by processing to <paramref name="caseCode"/>: its code answers «attached» on the
    /// status page, and it is in no inbox and no trend.
    /// </summary>
    private async Task<FeedbackItem> AttachedAsync(TrackingCode code, TrackingCode caseCode, HttpClient staff)
    {
        Assert.NotEqual(caseCode, code);
        var item = await ProcessedAsync(code);
        Assert.Equal(FeedbackStatus.Attached, item.Status);
        Assert.Equal(caseCode, item.AttachedTo);
        Assert.Null(item.Assessment);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/api/feedback/{code}");
        Assert.Equal("attached", status.GetProperty("status").GetString());
        Assert.Contains(caseCode.Value, status.GetProperty("history").EnumerateArray().Last().GetProperty("note").GetString(), StringComparison.Ordinal);
        // No agency holds it: the case's own agency may not open it.
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/api/inbox/items/{code}")).StatusCode);
        var day = await Service<ITrendItemIndex>().ReadDayAsync(Provinces.ZanjanKey, JalaliDays.TehranDay(item.ReceivedAt), TrendFilter.None, CancellationToken.None);
        Assert.DoesNotContain(day, entry => entry.TrackingCode == code);
        return item;
    }

    [Fact]
    public async Task A_long_answer_reaches_the_citizen_through_the_link_and_a_low_survey_answer_reopens_the_case()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550101");
        using var water = await SignInAsync(WaterStaff);

        await ActAsync(water, item.TrackingCode.Value, "resolve", new { reply = LongAnswer });

        var link = Service<PublicPages>().StatusOf(item.TrackingCode);
        var resolvedSms = await WaitForSmsAsync(item, text => text.Contains("status?code=", StringComparison.Ordinal));
        Assert.Equal(SmsTemplates.Resolved(item.TrackingCode, LongAnswer, TehranNoon, link), resolvedSms);
        Assert.Equal($"/status?code={item.TrackingCode}", link.PathAndQuery);
        var status = await Client.GetFromJsonAsync<JsonElement>($"/api/feedback/{item.TrackingCode}");
        Assert.Equal(LongAnswer, status.GetProperty("answer").GetString());
        await WaitForSmsAsync(item, text => text == SmsTemplates.ResolutionSurvey(item.TrackingCode));

        Clock.Now += TimeSpan.FromHours(3);
        var answer = await ReplyAsync("09125550101", "۲");

        await AttachedAsync(CodeOf(answer), item.TrackingCode, water);
        var reopened = await StoredAsync(item.TrackingCode);
        Assert.Equal(FeedbackStatus.Routed, reopened.Status);
        Assert.Equal(2, reopened.ResolutionRating);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.Equal(Clock.Now, AgencyWorkflow.AssignedAt(reopened));
        var view = await JsonOf(await water.GetAsync($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK);
        Assert.Equal("routed", view.GetProperty("status").GetString());
        Assert.Equal(1, view.GetProperty("reopenCount").GetInt32());
        Assert.Equal(2, view.GetProperty("resolutionRating").GetInt32());
        Assert.Contains("resolve", view.GetProperty("actions").EnumerateArray().Select(action => action.GetString()));
    }

    [Fact]
    public async Task A_good_rating_is_kept_on_the_resolved_case_and_a_redelivered_answer_changes_nothing()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550102");
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "resolve", new { reply = "شیر فلکه تعویض شد." });
        await WaitForSmsAsync(item, text => text == SmsTemplates.ResolutionSurvey(item.TrackingCode));

        var first = await ReplyAsync("09125550102", "5");
        var again = await ReplyAsync("09125550102", "5");

        await AttachedAsync(CodeOf(first), item.TrackingCode, water);
        await AttachedAsync(CodeOf(again), item.TrackingCode, water);
        var rated = await StoredAsync(item.TrackingCode);
        Assert.Equal(FeedbackStatus.Resolved, rated.Status);
        Assert.Equal(5, rated.ResolutionRating);
        Assert.Single(rated.ResolutionAnswers);
    }

    [Fact]
    public async Task Words_that_answer_no_survey_question_become_feedback_for_the_cases_agency()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550103");
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "resolve", new { reply = "شیر فلکه تعویض شد." });
        await WaitForSmsAsync(item, text => text == SmsTemplates.ResolutionSurvey(item.TrackingCode));

        var answer = await ReplyAsync("09125550103", "از پیگیری شما سپاسگزارم");

        Assert.NotEqual(item.TrackingCode.Value, answer.GetProperty("trackingCode").GetString());
        var feedback = await ProcessedAsync(CodeOf(answer));
        Assert.NotEqual(FeedbackStatus.Attached, feedback.Status);
        Assert.Equal(Water, feedback.NamedAgency);
        Assert.Equal(Water, feedback.Assessment!.AgencyKey);
        Assert.Equal(item.ServiceCode, feedback.ServiceCode);
    }

    [Fact]
    public async Task A_clerks_question_goes_by_sms_and_the_answer_returns_to_the_case_with_the_sla_clock_moved()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), text: "آب کوچه ما قطع است caseloop0104", phone: "09125550104");
        using var water = await SignInAsync(WaterStaff);
        const string Question = "لطفاً نشانی دقیق محل قطعی آب را بفرستید.";
        var sla = Service<SlaPolicy>();
        var dueBefore = sla.DueAt(SlaKind.Resolve, await StoredAsync(item.TrackingCode), TehranNoon);

        var asked = await ActAsync(water, item.TrackingCode.Value, "ask", new { question = Question });

        Assert.Equal("inprogress", asked.GetProperty("status").GetString());
        Assert.True(asked.GetProperty("awaitingCitizen").GetBoolean());
        await WaitForSmsAsync(item, text => text == SmsTemplates.Question(item.TrackingCode, Question));
        await ActAsync(water, item.TrackingCode.Value, "ask", new { question = "و شماره پلاک؟" }, HttpStatusCode.Conflict);

        Clock.Now += TimeSpan.FromHours(5);
        var answer = await ReplyAsync("09125550104", "خیابان بهار، کوچه ۱۲، پلاک ۴");

        await AttachedAsync(CodeOf(answer), item.TrackingCode, water);
        var answered = await StoredAsync(item.TrackingCode);
        Assert.Equal(FeedbackStatus.InProgress, answered.Status);
        Assert.Equal("خیابان بهار، کوچه ۱۲، پلاک ۴", Assert.Single(answered.Questions).Answer);
        Assert.Equal(dueBefore.AddHours(5), sla.DueAt(SlaKind.Resolve, answered, Clock.Now.AddDays(3)));
        var view = await JsonOf(await water.GetAsync($"/api/inbox/items/{item.TrackingCode}"), HttpStatusCode.OK);
        Assert.False(view.GetProperty("awaitingCitizen").GetBoolean());
        Assert.Equal("خیابان بهار، کوچه ۱۲، پلاک ۴", view.GetProperty("questions")[0].GetProperty("answer").GetString());
        var inbox = await JsonOf(await water.GetAsync("/api/inbox?q=caseloop0104"), HttpStatusCode.OK);
        Assert.True(Assert.Single(inbox.GetProperty("items").EnumerateArray()).GetProperty("citizenAnswered").GetBoolean());
    }

    [Theory]
    [InlineData("09125550109", "۳ ۳", "۳ ۳")]
    [InlineData("09125550110", "۴، کوچه بن‌بست دوم", "۴، کوچه بن‌بست دوم")]
    [InlineData("09125550111", "2 - همراه دیگرم ۰۹۱۲۷۶۵۴۳۲۱ است", "2 - همراه دیگرم *** است")]
    public async Task An_answer_that_opens_with_a_digit_reaches_the_case_as_the_citizen_wrote_it_masked(string phone, string message, string expected)
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: phone);
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "ask", new { question = "شماره پلاک و نشانی دقیق را بفرستید." });

        Clock.Now += TimeSpan.FromHours(1);
        var answer = await ReplyAsync(phone, message);

        var sms = await AttachedAsync(CodeOf(answer), item.TrackingCode, water);
        Assert.Equal(expected, Assert.Single((await StoredAsync(item.TrackingCode)).Questions).Answer);
        Assert.Equal(message, Service<PhoneProtector>().DecryptText(sms.EncryptedMessage!));
    }

    [Fact]
    public async Task A_reply_after_the_window_is_a_new_item_as_before()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550105");
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "ask", new { question = "نشانی دقیق را بفرستید." });

        Clock.Now += TimeSpan.FromHours(49);
        var answer = await ReplyAsync("09125550105", "خیابان بهار، کوچه ۱۲");

        Assert.NotEqual(item.TrackingCode.Value, answer.GetProperty("trackingCode").GetString());
        Assert.NotEqual(FeedbackStatus.Attached, (await ProcessedAsync(CodeOf(answer))).Status);
        Assert.Null((await StoredAsync(item.TrackingCode)).Questions[0].Answer);
    }

    [Fact]
    public async Task An_answer_received_within_the_window_is_attached_however_late_processing_comes_to_it()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550107");
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "ask", new { question = "نشانی دقیق را بفرستید." });
        var sms = await ReceivedSmsAsync("09125550107", "خیابان بهار، کوچه ۱۲", TehranNoon.AddHours(5));

        // A backlog held the SMS past the end of the question's 48 hours.
        Clock.Now = TehranNoon.AddHours(49);
        var result = await Service<ProcessFeedbackHandler>().HandleAsync(new ReceivedItem(sms.TrackingCode), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Attached, result.Outcome);
        var answered = Assert.Single((await StoredAsync(item.TrackingCode)).Questions);
        Assert.Equal("خیابان بهار، کوچه ۱۲", answered.Answer);
        Assert.Equal(TehranNoon.AddHours(5), answered.AnsweredAt);
        Assert.Equal(item.TrackingCode, (await StoredAsync(sms.TrackingCode)).AttachedTo);
    }

    [Fact]
    public async Task An_answer_on_the_case_before_a_crash_ends_its_sms_attached_once_when_processing_runs_again()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550108");
        using var water = await SignInAsync(WaterStaff);
        await ActAsync(water, item.TrackingCode.Value, "ask", new { question = "نشانی دقیق را بفرستید." });
        Clock.Now += TimeSpan.FromHours(1);
        var sms = await ReceivedSmsAsync("09125550108", "کوچه ۱۲، پلاک ۴", Clock.Now);
        var handler = Service<ProcessFeedbackHandler>();

        // Processing attaches the answer to the case, then crashes before the SMS's item is saved.
        Assert.NotNull((await handler.PrepareAsync(new ReceivedItem(sms.TrackingCode), CancellationToken.None)).Routed);
        Assert.Equal(FeedbackStatus.Received, (await StoredAsync(sms.TrackingCode)).Status);
        var redelivered = await handler.HandleAsync(new ReceivedItem(sms.TrackingCode), CancellationToken.None);
        var again = await handler.HandleAsync(new ReceivedItem(sms.TrackingCode), CancellationToken.None);

        Assert.Equal(ProcessingOutcome.Attached, redelivered.Outcome);
        Assert.Equal(ProcessingOutcome.AlreadyDone, again.Outcome);
        Assert.Equal("کوچه ۱۲، پلاک ۴", Assert.Single((await StoredAsync(item.TrackingCode)).Questions).Answer);
        await AttachedAsync(sms.TrackingCode, item.TrackingCode, water);
    }

    [Fact]
    public async Task An_empty_question_is_refused_with_problem_details_naming_the_field()
    {
        var item = await RoutedItemAsync(Water, TehranNoon.AddHours(-2), phone: "09125550106");
        using var water = await SignInAsync(WaterStaff);

        var problem = await ActAsync(water, item.TrackingCode.Value, "ask", new { question = " " }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _));
    }
}
