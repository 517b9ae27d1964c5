using Feedback.Core.Items;

namespace Feedback.Core.Tests.Processing;

/// <summary>The feedback-or-case rule as the README's table states it, one row per kind of message.</summary>
public class CaseRuleTests
{
    private static readonly bool[] Booleans = [false, true];
    private static readonly string[] Sentiments = ["negative", "neutral", "positive"];
    private static readonly double[] Probabilities = [0.4, 0.9];
    private static readonly int?[] Ratings = [null, 1, 2, 3, 4, 5];

    [Theory]
    // A bare rating, whatever its value, asks nothing: recorded, counted in satisfaction.
    [InlineData("۵", 5, "positive", 0.9, ItemKind.Feedback, CaseRule.BareRating)]
    [InlineData("3", 3, "neutral", 0.5, ItemKind.Feedback, CaseRule.BareRating)]
    [InlineData("۱", 1, "negative", 0.9, ItemKind.Feedback, CaseRule.BareRating)]
    [InlineData("۵ !!", 5, "positive", 0.9, ItemKind.Feedback, CaseRule.BareRating)]
    // Praise and thanks: recorded and closed.
    [InlineData("خیلی ممنون از برخورد خوب کارمند", null, "positive", 0.92, ItemKind.Feedback, CaseRule.Praise)]
    [InlineData("۵ عالی بود", 5, "positive", 0.97, ItemKind.Feedback, CaseRule.Praise)]
    // Complaints and requests: cases.
    [InlineData("آب محله ما سه روز است قطع است", null, "negative", 0.9, ItemKind.Case, CaseRule.Complaint)]
    [InlineData("۵ ولی سه ساعت معطل شدم", 5, "negative", 0.7, ItemKind.Case, CaseRule.Complaint)]
    [InlineData("لطفا کنتور آب را عوض کنید", null, "neutral", 0.6, ItemKind.Case, CaseRule.Request)]
    // A question needs an answer, even a friendly one.
    [InlineData("ممنون، کی گاز وصل می‌شود؟", null, "positive", 0.8, ItemKind.Case, CaseRule.Question)]
    [InlineData("ساعت کاری دفتر چیست?", null, "neutral", 0.7, ItemKind.Case, CaseRule.Question)]
    // A mixed message (kind words, low rating) and praise the classifier is unsure of: cases.
    [InlineData("۲ کارمند مودب بود", 2, "positive", 0.55, ItemKind.Case, CaseRule.Mixed)]
    [InlineData("کارمند خوب بود ولی سیستم قطع بود", null, "positive", 0.45, ItemKind.Case, CaseRule.UncertainPraise)]
    public void Decides_feedback_or_case(string text, int? rating, string sentiment, double probability, ItemKind kind, string reason)
    {
        var decision = CaseRule.Decide(CaseSignals.Of(text, rating, sentiment, probability));

        Assert.Equal(new CaseDecision(kind, reason), decision);
    }

    [Fact]
    public void Every_message_gets_a_decision_and_every_row_can_decide()
    {
        var reached =
            from hasWords in Booleans
            from asks in Booleans
            from sentiment in Sentiments
            from probability in Probabilities
            from rating in Ratings
            select CaseRule.Decide(new CaseSignals(hasWords, asks, sentiment, probability, rating)).Reason;

        Assert.Equal(CaseRule.Rows.Select(row => row.Reason).Order(StringComparer.Ordinal), reached.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}
