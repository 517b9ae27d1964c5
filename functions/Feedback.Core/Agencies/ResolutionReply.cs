using System.Collections.Frozen;
using Feedback.Core.Intake;
using Feedback.Core.Notifications;

namespace Feedback.Core.Agencies;

/// <summary>
/// A citizen's SMS read as the answer to a resolution survey («مشکل شما حل شد؟ ۱ تا ۵»): a leading rating 1–5
/// (any digit script, as <see cref="SurveyReply"/> reads survey replies), or, as the whole message, one of the
/// product's phrasings of "it is not fixed" (<see cref="NotFixedPhrases"/>), which counts as the bottom of the scale,
/// 1, as the survey SMS itself says («۱ (حل نشد)»). Anything else is not an answer: it is feedback of its own.
/// </summary>
/// <param name="Text">What the citizen wrote after the rating, if anything.</param>
public readonly record struct ResolutionReply(int? Rating, bool NotFixed, string Text)
{
    /// <summary>
    /// Ratings at or below this reopen the case. On the survey's scale 1 is «حل نشد» and 5 «کاملاً حل شد»; a 2 still
    /// says it is mostly not fixed, while a 3 says partly fixed: the agency's answer stands, and the rating counts
    /// against its resolution satisfaction (answers 4–5) without reopening the case.
    /// </summary>
    public const int ReopeningRating = 2;

    /// <summary>The product's table of "not fixed" answers, written as people type them; compared whole, after normalization.</summary>
    public static IReadOnlyList<string> NotFixedPhrases { get; } =
    [
        "حل نشد", "حل نشده", "حل نشده است", "هنوز حل نشده", "مشکل حل نشد", "مشکل حل نشده", "مشکلم حل نشد",
        "درست نشد", "درست نشده", "هنوز درست نشده", "برطرف نشد", "برطرف نشده", "رفع نشد", "رفع نشده",
        "نه", "خیر", "نشد", "هنوز نه", "na", "no", "hal nashod",
    ];

    private static readonly FrozenSet<string> NotFixedKeys = NotFixedPhrases.Select(OptOutCommand.Key).ToFrozenSet(StringComparer.Ordinal);

    public bool IsAnswer => Rating is not null;

    /// <summary>Whether the answer reopens the case: «حل نشد», or a rating of at most <see cref="ReopeningRating"/>.</summary>
    public bool Reopens => Rating is <= ReopeningRating;

    public static ResolutionReply Parse(string? message)
    {
        if (NotFixedKeys.Contains(OptOutCommand.Key(message ?? string.Empty)))
            return new(1, NotFixed: true, string.Empty);
        var reply = SurveyReply.Parse(message);
        return new(reply.Rating, NotFixed: false, reply.Text);
    }
}
