using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Surveys;

namespace Feedback.Core.Agencies;

/// <summary>
/// The SMS that follow a case with its citizen and are answered: the resolution survey after a resolution, and a
/// question staff ask. Each is kept as a <see cref="Survey"/> of the phone (<see cref="SurveyPurpose"/>, the case's
/// code), so that the citizen's reply is found the way a service survey's is and goes back to the case.
/// </summary>
public sealed class CaseFollowUps(ISurveyStore surveys, ISmsStore sms, IMessageSender queue, SurveyPolicy policy, TimeProvider clock)
{
    /// <summary>
    /// After the resolution at history step <paramref name="step"/>: the resolution survey, under the survey rules
    /// (never to a number that opted out, at most one survey per phone per gap, quiet hours respected). Nothing for a
    /// citizen who left no phone number.
    /// </summary>
    public async Task<SurveyDecision?> ScheduleResolutionSurveyAsync(FeedbackItem item, int step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.EncryptedPhone is not { } encryptedPhone || item.PhoneHash is not { } hash || item.Assessment is not { } assessment)
            return null;
        var now = clock.GetUtcNow();
        SurveyDecision decision = new SkipOptedOut();
        await sms.UpdatePhoneAsync(hash, phone =>
        {
            decision = policy.Decide(now, phone.LastSurveyAt, phone.OptedOut);
            return decision is SendSurvey send ? phone with { LastSurveyAt = send.At } : null;
        }, cancellationToken);
        if (decision is not SendSurvey due)
            return decision;

        var id = $"{item.TrackingCode}-resolution-{step}";
        await surveys.AddAsync(ForCase(id, item, hash, assessment.AgencyKey, SurveyPurpose.Resolution, due.At), cancellationToken);
        var invitation = new SmsRequested($"survey-{id}", SmsKind.Survey, encryptedPhone, hash, SmsTemplates.ResolutionSurvey(item.TrackingCode));
        await queue.SendAsync(Queues.Notifications, invitation.ToMessage() with { NotBefore = due.At > now ? due.At : null }, cancellationToken);
        return decision;
    }

    /// <summary>
    /// Notes the question as asked of the citizen's phone before the item is saved with it: a reply then finds the case
    /// (a note whose question was never saved is passed over when the reply comes).
    /// </summary>
    public Task NoteQuestionAsync(FeedbackItem asked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asked);
        var question = asked.Questions[^1];
        return surveys.AddAsync(ForCase($"{asked.TrackingCode}-question-{asked.Questions.Count}", asked, asked.PhoneHash!, asked.Assessment!.AgencyKey, SurveyPurpose.Question, question.At), cancellationToken);
    }

    private static Survey ForCase(string id, FeedbackItem item, PhoneHash phoneHash, string agencyKey, SurveyPurpose purpose, DateTimeOffset sendAt) =>
        new(id, phoneHash, item.ServiceCode ?? string.Empty, null, agencyKey, item.CounterOffice, item.ReceivedAt, sendAt, purpose, item.TrackingCode);
}
