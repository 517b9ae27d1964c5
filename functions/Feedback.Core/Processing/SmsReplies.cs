using Feedback.Core.Agencies;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Core.Surveys;

namespace Feedback.Core.Processing;

/// <summary>
/// What an SMS is, judged by the survey its phone had open when it was received (<see cref="OpenSurveyWindow"/>, at
/// <see cref="FeedbackItem.ReceivedAt"/>: a backlog never closes a window): the answer to a question staff asked about a
/// case, or to a case's resolution survey, goes to that case and the SMS's own item ends <see cref="FeedbackStatus.Attached"/>;
/// a reply to a service survey takes the survey's service, counter office and agency; anything else is feedback on its own.
/// Intake stores every SMS as it comes, so this is processing's first step for an SMS.
/// </summary>
public sealed class SmsReplies(ISurveyStore surveys, OpenSurveyWindow window, AgencyActions cases, PhoneProtector phones, TimeProvider clock)
{
    /// <summary>
    /// The SMS's item as processing goes on with it: attached to the case it answers (final), or with its survey's
    /// service, or as it was. Repeating it changes nothing: the case finds the answer it holds already (a redelivery
    /// after a crash between the case's save and the item's), and the item is attached again.
    /// </summary>
    public async Task<FeedbackItem> ApplyAsync(FeedbackItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Channel != FeedbackChannel.Sms || item.PhoneHash is not { } phone)
            return item;
        var recent = await surveys.ListSinceAsync(phone, item.ReceivedAt - window.Longest, cancellationToken);
        if (window.SurveyAnswered(recent, item.ReceivedAt) is not { } survey)
            return item;
        if (survey.CaseCode is { } caseCode && await AnswersCaseAsync(survey.Purpose, caseCode, item, cancellationToken))
            return Attached(item, caseCode);
        return item with { ServiceCode = survey.ServiceCode.Length > 0 ? survey.ServiceCode : null, ServiceName = survey.ServiceName, CounterOffice = survey.CounterOffice, NamedAgency = survey.AgencyKey, SurveyId = survey.Id };
    }

    /// <summary>
    /// Whether the SMS answers the case: any text answers an awaited question; a rating or «حل نشد» answers a
    /// resolution survey (other words are feedback of their own, routed to the case's agency as a survey reply is).
    /// </summary>
    private async Task<bool> AnswersCaseAsync(SurveyPurpose purpose, TrackingCode caseCode, FeedbackItem item, CancellationToken cancellationToken)
    {
        var text = item.EncryptedText is { } sealedText ? phones.DecryptText(sealedText) : item.Text;
        var message = item.EncryptedMessage is { } sealedMessage ? phones.DecryptText(sealedMessage) : WholeMessage(item.Rating, text);
        AgencyActionResult result;
        if (purpose == SurveyPurpose.Question)
        {
            // The whole message is the answer: a leading digit is part of an address or a meter number here, not a rating.
            var whole = FeedbackText.Validate(message, "message");
            if (!whole.IsValid)
                return false;
            result = await cases.AttachAnswerAsync(caseCode, PersonalData.MaskIn(whole.Text!), item.ReceivedAt, cancellationToken);
        }
        else
        {
            var reply = ResolutionReply.Parse(message);
            if (!reply.IsAnswer)
                return false;
            result = await cases.AnswerResolutionAsync(caseCode, reply, reply.Text.Length == 0 ? null : PersonalData.MaskIn(text), cancellationToken);
        }
        return result is AgencyActionResult.Done;
    }

    /// <summary>
    /// The SMS of an item without <see cref="FeedbackItem.EncryptedMessage"/>: its text, which is the whole message when
    /// intake parsed no rating off it (<see cref="SurveyReply"/>) or nothing followed the rating; otherwise the item was
    /// accepted before intake kept the message as written, and it is rebuilt as the rating, a space and the text (what
    /// stood between them, «۴، …», and the rating's script are lost).
    /// </summary>
    public static string WholeMessage(int? rating, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A bare rating («۵») is kept whole as the text, and parses to that rating with no words.
        return rating is not { } given || SurveyReply.Parse(text) is { Text.Length: 0 } bare && bare.Rating == given
            ? text
            : $"{given} {text}";
    }

    private FeedbackItem Attached(FeedbackItem item, TrackingCode caseCode)
    {
        var now = clock.GetUtcNow();
        return item with
        {
            Status = FeedbackStatus.Attached,
            AttachedTo = caseCode,
            ClosedAt = now,
            History = [.. item.History, new StatusChange(now, FeedbackStatus.Attached, $"به پرونده پیشین شما با کد پیگیری {caseCode} افزوده شد")],
        };
    }
}
