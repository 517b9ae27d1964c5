namespace Feedback.Core.Surveys;

/// <summary>
/// A post-service survey sent (or due) to one phone: which service, agency and counter office it asks about.
/// A reply from the phone within the open window is attached to it.
/// </summary>
public sealed record Survey(
    string Id,
    string PhoneHash,
    string ServiceCode,
    string? ServiceName,
    string AgencyKey,
    string? CounterOffice,
    DateTimeOffset CompletedAt,
    DateTimeOffset SendAt);

/// <summary>Where surveys are kept, by phone.</summary>
public interface ISurveyStore
{
    Task AddAsync(Survey survey, CancellationToken cancellationToken);

    /// <summary>The phone's surveys due at or after <paramref name="since"/>, newest first.</summary>
    Task<IReadOnlyList<Survey>> ListSinceAsync(string phoneHash, DateTimeOffset since, CancellationToken cancellationToken);
}
