using Feedback.Core.Input;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Routing;

namespace Feedback.Core.Surveys;

/// <summary>A public service a counter office or an agency's system reports as completed.</summary>
public sealed record CompletedService(IranianMobile Phone, string ServiceCode, string? ServiceName, Agency Agency, string? CounterOffice, DateTimeOffset CompletedAt);

/// <summary>
/// After a completed service, schedules the survey SMS when <see cref="SurveyPolicy"/> allows it (at most one
/// per phone per gap, never to a number that opted out, deferred past quiet hours, never dropped). Processing finds
/// the survey an incoming SMS answers (<see cref="OpenSurveyWindow"/>).
/// </summary>
public sealed class SurveyScheduler(ISurveyStore surveys, ISmsStore sms, IMessageSender queue, PhoneProtector phones, SurveyPolicy policy, TimeProvider clock)
{
    public async Task<SurveyDecision> ScheduleAsync(CompletedService service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var hash = phones.LookupHash(service.Phone);
        var now = clock.GetUtcNow();
        SurveyDecision decision = new SkipOptedOut();
        // The decision and the phone's last-survey time change together, so two services completed at once survey once.
        await sms.UpdatePhoneAsync(hash, phone =>
        {
            decision = policy.Decide(now, phone.LastSurveyAt, phone.OptedOut);
            return decision is SendSurvey send ? phone with { LastSurveyAt = send.At } : null;
        }, cancellationToken);
        if (decision is not SendSurvey due)
            return decision;

        var survey = new Survey(Guid.NewGuid().ToString("N"), hash, service.ServiceCode, service.ServiceName, service.Agency.Key, service.CounterOffice, service.CompletedAt, due.At);
        await surveys.AddAsync(survey, cancellationToken);
        var invitation = new SmsRequested($"survey-{survey.Id}", SmsKind.Survey, phones.Encrypt(service.Phone), hash, SmsTemplates.SurveyInvitation(service.Agency.PersianName, service.ServiceName));
        await queue.SendAsync(Queues.Notifications, invitation.ToMessage() with { NotBefore = due.At > now ? due.At : null }, cancellationToken);
        return decision;
    }
}
