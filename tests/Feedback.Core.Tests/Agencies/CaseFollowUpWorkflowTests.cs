using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Routing;
using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Agencies;

/// <summary>The loop closes with the citizen: the resolution survey's answer, a clerk's question and its answer, the SLA clock that waits.</summary>
public class CaseFollowUpWorkflowTests
{
    private static readonly RoutingTable Routing = DemoRoutingData.CreateTable();
    private static readonly DateTimeOffset Now = TestItems.RoutedAt.AddHours(2);
    private static readonly TimeSpan Wait = TimeSpan.FromHours(48);
    private static readonly PublicPages Pages = new(new Uri("https://feedback.zanjan.ir/"));
    private static readonly SlaPolicy Policy = new(new WorkingCalendar(WorkingCalendar.GovernmentWeekend, []), SlaTargets.Default);

    private static FeedbackItem Act(FeedbackItem item, AgencyAction action, DateTimeOffset at) =>
        Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.Apply(item, action, "staff", at, Routing)).Item;

    private static FeedbackItem Resolved(DateTimeOffset? at = null) => Act(TestItems.Routed(), new AgencyAction.Resolve("لوله اصلی تعویض شد"), at ?? Now);

    [Fact]
    public void A_low_rating_reopens_the_case_at_its_agency_with_a_new_sla_clock()
    {
        var resolved = Resolved();
        var answeredAt = Now.AddHours(3);

        var reopened = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AnswerResolution(resolved, ResolutionReply.Parse("۲ هنوز کم‌فشار است"), "هنوز کم‌فشار است", answeredAt)).Item;

        Assert.Equal(FeedbackStatus.Routed, reopened.Status);
        Assert.Equal(2, reopened.ResolutionRating);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.Null(reopened.ClosedAt);
        Assert.Equal(answeredAt, AgencyWorkflow.AssignedAt(reopened));
        Assert.Contains("resolve", AgencyWorkflow.AllowedActions(reopened));
        Assert.Equal("هنوز کم‌فشار است", Assert.Single(reopened.ResolutionAnswers).Text);
        Assert.Empty(StatusNotices.Pending(reopened with { NoticesQueued = resolved.History.Count }, Routing, Pages, TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Not_fixed_in_words_reopens_and_counts_as_the_lowest_rating()
    {
        var reopened = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AnswerResolution(Resolved(), ResolutionReply.Parse("حل نشد"), null, Now.AddHours(1))).Item;

        Assert.Equal(FeedbackStatus.Routed, reopened.Status);
        Assert.Equal(1, reopened.ResolutionRating);
        Assert.True(Assert.Single(reopened.ResolutionAnswers).NotFixed);
    }

    [Fact]
    public void A_good_rating_is_kept_and_the_case_stays_resolved_and_a_second_answer_changes_nothing()
    {
        var rated = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AnswerResolution(Resolved(), ResolutionReply.Parse("۵"), null, Now.AddHours(1))).Item;

        Assert.Equal(FeedbackStatus.Resolved, rated.Status);
        Assert.Equal(5, rated.ResolutionRating);
        Assert.Equal(0, rated.ReopenCount);
        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.AnswerResolution(rated, ResolutionReply.Parse("۱"), null, Now.AddHours(2)));
    }

    [Fact]
    public void A_case_resolved_again_after_reopening_can_be_rated_again()
    {
        var reopened = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AnswerResolution(Resolved(), ResolutionReply.Parse("۱"), null, Now.AddHours(1))).Item;
        var resolvedAgain = Act(reopened, new AgencyAction.Resolve("این بار شیر فلکه هم تعویض شد"), Now.AddHours(5));

        var rated = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AnswerResolution(resolvedAgain, ResolutionReply.Parse("۴"), null, Now.AddHours(6))).Item;

        Assert.Equal(4, rated.ResolutionRating);
        Assert.Equal(1, rated.ReopenCount);
        Assert.Equal(2, rated.ResolutionAnswers.Count);
    }

    [Fact]
    public void Only_a_resolved_case_takes_a_resolution_answer()
    {
        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.AnswerResolution(TestItems.Routed(), ResolutionReply.Parse("۱"), null, Now));
    }

    [Fact]
    public void Each_resolution_and_each_answer_moves_the_trend_counts()
    {
        var routed = TestItems.Routed();
        var resolved = Resolved();
        var reopened = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AnswerResolution(resolved, ResolutionReply.Parse("۲"), null, Now.AddHours(1))).Item;

        Assert.Equal([0, 1, 2], new[] { routed, resolved, reopened }.Select(TrendEvent.RevisionOf));
        var cell = TrendEvent.Of(reopened).Cell;
        Assert.True(cell.Resolved);
        Assert.True(cell.Reopened);
        Assert.Equal(2, cell.ResolutionRating);
    }

    [Fact]
    public void A_long_answer_is_texted_with_the_link_to_the_items_status_page()
    {
        var longAnswer = string.Join(' ', Enumerable.Repeat("لوله اصلی خیابان شما تعویض شد و فشار آب به حالت عادی برگشت.", 10));
        var resolved = Act(TestItems.Routed(), new AgencyAction.Resolve(longAnswer), Now);

        var (sms, notBefore) = Assert.Single(StatusNotices.Pending(resolved, Routing, Pages, TimeSpan.FromMinutes(3)));

        Assert.Null(notBefore);
        Assert.Equal(SmsTemplates.Resolved(resolved.TrackingCode, longAnswer, Now, Pages.StatusOf(resolved.TrackingCode)), sms.Text);
        Assert.EndsWith($"status?code={resolved.TrackingCode}", sms.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_texts_the_question_at_once_and_puts_the_case_in_progress()
    {
        var asked = Act(TestItems.Routed(), new AgencyAction.Ask("  نشانی دقیق محل قطعی آب را بفرستید  ", Wait), Now);

        Assert.Equal(FeedbackStatus.InProgress, asked.Status);
        Assert.Equal(Now, asked.AcknowledgedAt);
        var question = Assert.Single(asked.Questions);
        Assert.Equal("نشانی دقیق محل قطعی آب را بفرستید", question.Question);
        Assert.Equal(Now + Wait, question.WaitUntil);
        var (sms, notBefore) = Assert.Single(StatusNotices.Pending(asked, Routing, Pages, TimeSpan.FromMinutes(3)));
        Assert.Null(notBefore);
        Assert.Equal(SmsTemplates.Question(asked.TrackingCode, question.Question), sms.Text);
        Assert.False(StatusNotices.IsSuperseded(Act(asked, new AgencyAction.Resolve("وصل شد"), Now.AddMinutes(1)), asked.History.Count - 1, TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void A_second_question_waits_for_the_answer_to_the_first()
    {
        var asked = Act(TestItems.Routed(), new AgencyAction.Ask("نشانی دقیق را بفرستید", Wait), Now);

        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.Apply(asked, new AgencyAction.Ask("و شماره پلاک؟", Wait), "staff", Now.AddHours(1), Routing));
        Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.Apply(asked, new AgencyAction.Ask("و شماره پلاک؟", Wait), "staff", Now + Wait, Routing));
    }

    [Fact]
    public void A_citizen_without_a_phone_number_cannot_be_asked()
    {
        var item = TestItems.Routed(withPhone: false);

        Assert.DoesNotContain("ask", AgencyWorkflow.AllowedActions(item));
        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.Apply(item, new AgencyAction.Ask("نشانی؟", Wait), "staff", Now, Routing));
    }

    [Fact]
    public void An_empty_question_is_refused_naming_the_field()
    {
        var invalid = Assert.IsType<WorkflowOutcome.Invalid>(AgencyWorkflow.Apply(TestItems.Routed(), new AgencyAction.Ask(" ", Wait), "staff", Now, Routing));

        Assert.Equal("question", Assert.Single(invalid.Errors).Field);
    }

    [Fact]
    public void The_answer_within_the_window_is_attached_and_sends_the_citizen_nothing()
    {
        var asked = Act(TestItems.Routed(), new AgencyAction.Ask("نشانی دقیق را بفرستید", Wait), Now);
        var queued = asked with { NoticesQueued = asked.History.Count };

        var answered = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AttachAnswer(queued, "خیابان بهار، کوچه ۱۲", Now.AddHours(5))).Item;

        Assert.Equal(FeedbackStatus.InProgress, answered.Status);
        Assert.Equal("خیابان بهار، کوچه ۱۲", answered.Questions[0].Answer);
        Assert.False(answered.Questions[0].IsAwaited(Now.AddHours(6)));
        Assert.Empty(StatusNotices.Pending(answered, Routing, Pages, TimeSpan.FromMinutes(3)));
        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.AttachAnswer(answered, "یک پیام دیگر", Now.AddHours(7)));
    }

    [Fact]
    public void After_the_window_the_answer_is_not_attached()
    {
        var asked = Act(TestItems.Routed(), new AgencyAction.Ask("نشانی دقیق را بفرستید", Wait), Now);

        Assert.IsType<WorkflowOutcome.NotNow>(AgencyWorkflow.AttachAnswer(asked, "خیابان بهار", Now + Wait));
    }

    [Fact]
    public void The_sla_clock_stands_still_while_the_agency_waits_for_the_citizen()
    {
        var asked = Act(TestItems.Routed(), new AgencyAction.Ask("نشانی دقیق را بفرستید", Wait), Now);
        var answered = Assert.IsType<WorkflowOutcome.Changed>(AgencyWorkflow.AttachAnswer(asked, "خیابان بهار", Now.AddHours(30))).Item;
        var due = Policy.DueAt(SlaKind.Resolve, TestItems.Water, TestItems.RoutedAt);

        Assert.Equal(due.AddHours(30), Policy.DueAt(SlaKind.Resolve, answered, due.AddDays(5)));
        Assert.Empty(Policy.NewBreaches(answered, due.AddHours(30).AddTicks(-1)));
        var flag = Assert.Single(Policy.NewBreaches(answered, due.AddHours(30)));
        Assert.Equal(SlaKind.Resolve, flag.Kind);
        Assert.Equal(due.AddHours(30), flag.DueAt);
    }

    [Fact]
    public void An_unanswered_question_stops_the_clock_for_its_whole_window_only()
    {
        var asked = Act(TestItems.Routed(), new AgencyAction.Ask("نشانی دقیق را بفرستید", Wait), Now);
        var due = Policy.DueAt(SlaKind.Resolve, TestItems.Water, TestItems.RoutedAt);

        Assert.Equal(TimeSpan.FromHours(10), AgencyWorkflow.WaitedForCitizen(asked, Now.AddHours(10)));
        Assert.Equal(Wait, AgencyWorkflow.WaitedForCitizen(asked, due));
        Assert.Single(Policy.NewBreaches(asked, due + Wait));
    }
}
