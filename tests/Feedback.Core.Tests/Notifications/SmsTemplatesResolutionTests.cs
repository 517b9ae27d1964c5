using System.Text;
using Feedback.Core.Agencies;
using Feedback.Core.Items;
using Feedback.Core.Notifications;

namespace Feedback.Core.Tests.Notifications;

/// <summary>The loop closes: the resolution SMS carries the agency's whole answer, or links to it; then the resolution survey; a clerk's question.</summary>
public class SmsTemplatesResolutionTests
{
    private static readonly TrackingCode Code = TrackingCode.FromCanonical("1234567894")!;
    private const string CodeInPersian = "۱۲۳۴۵۶۷۸۹۴";
    private static readonly DateTimeOffset At = new(2026, 12, 6, 8, 30, 0, TimeSpan.Zero);
    private static readonly PublicPages Pages = new(new Uri("https://feedback.zanjan.ir/"));

    /// <summary>An agency's answer of about <paramref name="length"/> characters, in whole sentences of a real kind.</summary>
    private static string Answer(int length)
    {
        string[] sentences =
        [
            "لوله اصلی خیابان شما در روز شنبه تعویض شد و فشار آب به حالت عادی برگشت.",
            "کارشناسان ما کنتور پلاک شما را هم بازدید کردند و ایرادی در آن دیده نشد.",
            "اگر باز هم افت فشار دیدید، لطفاً با شماره ۱۲۲ تماس بگیرید.",
            "از صبر و همراهی شما در این مدت سپاسگزاریم.",
        ];
        var answer = new StringBuilder();
        for (var i = 0; answer.Length < length; i++)
            answer.Append(answer.Length == 0 ? string.Empty : " ").Append(sentences[i % sentences.Length]);
        return answer.ToString()[..length].TrimEnd();
    }

    [Fact]
    public void Six_ucs2_segments_hold_402_characters()
    {
        Assert.Equal(402, SmsSegments.Capacity(SmsEncoding.Ucs2, SmsTemplates.MaxResolutionSegments));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(150)]
    [InlineData(300)]
    public void An_answer_that_fits_six_segments_goes_whole_without_a_link(int length)
    {
        var answer = Answer(length);

        var text = SmsTemplates.Resolved(Code, answer, At, Pages.StatusOf(Code));

        Assert.EndsWith($"پاسخ دستگاه: {answer}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("status?code=", text, StringComparison.Ordinal);
        Assert.InRange(SmsSegments.Count(text), 1, SmsTemplates.MaxResolutionSegments);
    }

    [Fact]
    public void A_short_answer_reads_as_the_status_change_always_did()
    {
        var answer = Answer(40);

        Assert.Equal(SmsTemplates.StatusChanged(Code, NotifiedStatus.Resolved, answer, At), SmsTemplates.Resolved(Code, answer, At, Pages.StatusOf(Code)));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1000)]
    public void A_longer_answer_begins_and_links_to_the_items_status_page_in_three_segments(int length)
    {
        var answer = Answer(length);

        var text = SmsTemplates.Resolved(Code, answer, At, Pages.StatusOf(Code));

        Assert.EndsWith($"\nمتن کامل: https://feedback.zanjan.ir/status?code={Code}", text, StringComparison.Ordinal);
        Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        Assert.Contains("پاسخ دستگاه: لوله اصلی", text, StringComparison.Ordinal);
        Assert.Contains("…", text, StringComparison.Ordinal);
        Assert.InRange(SmsSegments.Count(text), 1, SmsTemplates.MaxResolutionLinkSegments);
    }

    [Fact]
    public void Every_answer_length_up_to_the_longest_reply_gets_either_all_of_it_or_the_link()
    {
        for (var length = 1; length <= AgencyWorkflow.MaxReplyLength; length += 7)
        {
            var answer = Answer(length);
            var text = SmsTemplates.Resolved(Code, answer, At, Pages.StatusOf(Code));
            var whole = text.EndsWith(answer, StringComparison.Ordinal);
            Assert.True(whole ^ text.Contains("status?code=", StringComparison.Ordinal), $"length {length}");
            Assert.True(SmsSegments.Count(text) <= (whole ? SmsTemplates.MaxResolutionSegments : SmsTemplates.MaxResolutionLinkSegments), $"length {length}");
        }
    }

    [Fact]
    public void The_longest_status_page_a_deployment_may_have_still_leaves_room_for_the_answers_first_words()
    {
        var hostLength = SmsTemplates.MaxStatusPageLength - "https://.ir/status".Length;
        var host = $"{new string('a', hostLength / 2)}.{new string('b', hostLength - (hostLength / 2) - 1)}";
        var pages = new PublicPages(new Uri($"https://{host}.ir/"));
        Assert.Equal(SmsTemplates.MaxStatusPageLength, pages.StatusPage.AbsoluteUri.Length);

        var text = SmsTemplates.Resolved(Code, Answer(1000), At, pages.StatusOf(Code));

        Assert.EndsWith(pages.StatusOf(Code).AbsoluteUri, text, StringComparison.Ordinal);
        Assert.Contains("پاسخ دستگاه: لوله", text, StringComparison.Ordinal);
        Assert.InRange(SmsSegments.Count(text), 1, SmsTemplates.MaxResolutionLinkSegments);
    }

    [Fact]
    public void The_status_link_names_the_item_by_its_code()
    {
        Assert.Equal(new Uri("https://feedback.zanjan.ir/status?code=1234567894"), Pages.StatusOf(TrackingCode.Parse("۱۲۳۴۵۶۷۸۹۴").Code!));
        // A mistyped code never becomes a TrackingCode, so no link can be made for it.
        Assert.Null(TrackingCode.Parse("1234567895").Code);
    }

    [Fact]
    public void The_resolution_survey_asks_whether_it_was_fixed_within_two_segments()
    {
        var text = SmsTemplates.ResolutionSurvey(Code);

        Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        Assert.Contains("حل شد؟", text, StringComparison.Ordinal);
        Assert.Contains("«حل نشد»", text, StringComparison.Ordinal);
        Assert.Contains("لغو۱۱", text, StringComparison.Ordinal);
        Assert.InRange(SmsSegments.Count(text), 1, SmsTemplates.MaxSegments);
    }

    [Fact]
    public void A_question_of_the_longest_allowed_length_goes_whole()
    {
        var question = Answer(AgencyWorkflow.MaxQuestionLength);
        Assert.InRange(question.Length, AgencyWorkflow.MaxQuestionLength - 1, AgencyWorkflow.MaxQuestionLength);

        var text = SmsTemplates.Question(Code, question);

        Assert.Contains(question, text, StringComparison.Ordinal);
        Assert.Contains(CodeInPersian, text, StringComparison.Ordinal);
        Assert.InRange(SmsSegments.Count(text), 1, SmsTemplates.MaxResolutionSegments);
    }
}
