namespace Feedback.Core.Items;

/// <summary>What the rule reads of an item once it is classified: whether it has words, asks something, how it leans, its rating.</summary>
/// <param name="Sentiment">The sentiment key after the rating weighed on it (<see cref="Processing.RatedSentiment"/>).</param>
public sealed record CaseSignals(bool HasWords, bool AsksQuestion, string Sentiment, double SentimentProbability, int? Rating)
{
    /// <summary>The signals of an item's text and rating with the sentiment decided for it.</summary>
    public static CaseSignals Of(string text, int? rating, string sentiment, double sentimentProbability)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text.Any(char.IsLetter), text.Contains('؟', StringComparison.Ordinal) || text.Contains('?', StringComparison.Ordinal), sentiment, sentimentProbability, rating);
    }
}

/// <summary>One row of <see cref="CaseRule.Rows"/>: when it applies, what the item becomes and the reason's key.</summary>
public sealed record CaseRuleRow(string Reason, ItemKind Kind, Func<CaseSignals, bool> Applies);

/// <summary>What <see cref="CaseRule"/> decided, and the key of the row that decided it.</summary>
public sealed record CaseDecision(ItemKind Kind, string Reason);

/// <summary>
/// Feedback or case: the first row that applies decides (the README's "Feedback and cases" has the table and why).
/// A question always needs an answer; a complaint or a request needs the agency to act; praise with a low rating
/// is a mixed message, and a mixed message is a case (the complaint in it needs an answer); praise the classifier
/// is not sure of is a case too, because a complaint closed unanswered costs more than a compliment looked at.
/// A bare rating has nothing to act on and is feedback whatever its value: a low one counts against the agency's
/// satisfaction, and a clerk who wants to know more turns it into a case.
/// </summary>
public static class CaseRule
{
    /// <summary>Below this probability a positive reading is not trusted to close an item unanswered.</summary>
    public const double ConfidentPraise = 0.6;

    public const string BareRating = "bare-rating";
    public const string Question = "question";
    public const string Complaint = "complaint";
    public const string Mixed = "mixed";
    public const string UncertainPraise = "uncertain-praise";
    public const string Praise = "praise";
    public const string Request = "request";

    /// <summary>Staff turned the item from feedback into a case or back.</summary>
    public const string Staff = "staff";

    public static IReadOnlyList<CaseRuleRow> Rows { get; } =
    [
        new(BareRating, ItemKind.Feedback, signals => !signals.HasWords),
        new(Question, ItemKind.Case, signals => signals.AsksQuestion),
        new(Complaint, ItemKind.Case, signals => signals.Sentiment == "negative"),
        new(Mixed, ItemKind.Case, signals => signals.Sentiment == "positive" && signals.Rating is <= 2),
        new(UncertainPraise, ItemKind.Case, signals => signals.Sentiment == "positive" && signals.SentimentProbability < ConfidentPraise),
        new(Praise, ItemKind.Feedback, signals => signals.Sentiment == "positive"),
        new(Request, ItemKind.Case, _ => true),
    ];

    public static CaseDecision Decide(CaseSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var row = Rows.First(candidate => candidate.Applies(signals));
        return new(row.Kind, row.Reason);
    }
}
