using Feedback.Core.Items;
using Feedback.Core.Privacy;

namespace Feedback.Core.Surveys;

/// <summary>What an SMS that asks the citizen something asks about. Stored by name: new purposes go at the end.</summary>
public enum SurveyPurpose
{
    /// <summary>How a public service went (rating 1–5 or words).</summary>
    Service,

    /// <summary>Whether a resolved case was fixed (rating 1–5 or «حل نشد»).</summary>
    Resolution,

    /// <summary>A question staff asked about a case.</summary>
    Question,
}

/// <summary>
/// A post-service survey sent (or due) to one phone: which service, agency and counter office it asks about.
/// A reply from the phone within the open window is attached to it. A resolution survey or a staff question is about
/// the case <see cref="CaseCode"/> (its <see cref="ServiceCode"/> empty when the case named no service).
/// </summary>
public sealed record Survey(
    string Id,
    PhoneHash PhoneHash,
    string ServiceCode,
    string? ServiceName,
    string AgencyKey,
    string? CounterOffice,
    DateTimeOffset CompletedAt,
    DateTimeOffset SendAt,
    SurveyPurpose Purpose = SurveyPurpose.Service,
    TrackingCode? CaseCode = null);

/// <summary>Where surveys are kept, by phone.</summary>
public interface ISurveyStore
{
    Task AddAsync(Survey survey, CancellationToken cancellationToken);

    /// <summary>The phone's surveys due at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<Survey>> ListSinceAsync(PhoneHash phoneHash, DateTimeOffset since, CancellationToken cancellationToken);
}
