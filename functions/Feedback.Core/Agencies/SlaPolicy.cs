using Feedback.Core.Items;

namespace Feedback.Core.Agencies;

/// <summary>How many working days an agency has to acknowledge an item and to close it (resolve or reject).</summary>
public sealed record SlaTargets(int AcknowledgeWorkingDays, int ResolveWorkingDays)
{
    /// <summary>Acknowledge within 2 working days, resolve within 15.</summary>
    public static SlaTargets Default { get; } = new(2, 15);

    public int For(SlaKind kind) => kind == SlaKind.Acknowledge ? AcknowledgeWorkingDays : ResolveWorkingDays;
}

/// <summary>
/// The service-level rules: each agency's targets (the defaults unless it has its own), counted in working days
/// of <see cref="Calendar"/> from when the item reached the agency. An item is late for acknowledgement while it
/// is still Routed after its deadline, and late for resolution while it is open after its deadline; each
/// assignment is flagged at most once per kind. The time the agency waited for the citizen's answer to a question
/// does not count: the item's deadlines move by it (<see cref="AgencyWorkflow.WaitedForCitizen"/>).
/// </summary>
public sealed class SlaPolicy
{
    private readonly Dictionary<string, SlaTargets> byAgency;

    public SlaPolicy(WorkingCalendar calendar, SlaTargets defaults, IReadOnlyDictionary<string, SlaTargets>? byAgency = null)
    {
        Calendar = calendar ?? throw new ArgumentNullException(nameof(calendar));
        Defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        this.byAgency = new(byAgency ?? new Dictionary<string, SlaTargets>(), StringComparer.Ordinal);
        foreach (var targets in this.byAgency.Values.Append(defaults))
        {
            if (targets.AcknowledgeWorkingDays < 0 || targets.ResolveWorkingDays < targets.AcknowledgeWorkingDays)
                throw new ArgumentException("Targets are 0 or more working days, and resolving takes at least as long as acknowledging.", nameof(byAgency));
        }
    }

    public WorkingCalendar Calendar { get; }

    public SlaTargets Defaults { get; }

    /// <summary>
    /// The shortest time any target allows: a deadline is never sooner than this after the assignment (N working
    /// days end N whole days or more later), so an item assigned more recently cannot be late yet.
    /// </summary>
    public TimeSpan LeastTime => TimeSpan.FromDays(byAgency.Values.Append(Defaults).Min(targets => targets.AcknowledgeWorkingDays));

    public SlaTargets TargetsFor(string agencyKey) => byAgency.GetValueOrDefault(agencyKey) ?? Defaults;

    public DateTimeOffset DueAt(SlaKind kind, string agencyKey, DateTimeOffset assignedAt) =>
        Calendar.DeadlineAfter(assignedAt, TargetsFor(agencyKey).For(kind));

    /// <summary>The item's <paramref name="kind"/> deadline at its current agency, moved by the time it has waited for the citizen up to <paramref name="now"/>.</summary>
    public DateTimeOffset DueAt(SlaKind kind, FeedbackItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        var assessment = item.Assessment ?? throw new ArgumentException("Only a routed item has deadlines.", nameof(item));
        return DueAt(kind, assessment.AgencyKey, AgencyWorkflow.AssignedAt(item)) + AgencyWorkflow.WaitedForCitizen(item, now);
    }

    /// <summary>Whether an item in <paramref name="status"/>, assigned then, is past its <paramref name="kind"/> deadline.</summary>
    public bool IsLate(SlaKind kind, FeedbackStatus status, string agencyKey, DateTimeOffset assignedAt, DateTimeOffset now)
    {
        var waiting = kind == SlaKind.Acknowledge ? status == FeedbackStatus.Routed : AgencyWorkflow.IsOpen(status);
        return waiting && now >= DueAt(kind, agencyKey, assignedAt);
    }

    /// <summary>The breaches of the item's current assignment that are due and not flagged yet, flagged at <paramref name="now"/>.</summary>
    public IReadOnlyList<SlaFlag> NewBreaches(FeedbackItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Assessment is not { } assessment)
            return [];
        var assignedAt = AgencyWorkflow.AssignedAt(item);
        var flagged = CurrentFlags(item);
        // The clock stood still while the agency waited for the citizen: the deadline is that much later.
        var clockTime = now - AgencyWorkflow.WaitedForCitizen(item, now);
        return [.. Enum.GetValues<SlaKind>()
            .Where(kind => flagged.All(flag => flag.Kind != kind) && IsLate(kind, item.Status, assessment.AgencyKey, assignedAt, clockTime))
            .Select(kind => new SlaFlag(kind, assessment.AgencyKey, assignedAt, DueAt(kind, item, now), now))];
    }

    /// <summary>The flags of the assignment the item is in now (an earlier agency's breaches stay on the item, but are not this one's).</summary>
    public static IReadOnlyList<SlaFlag> CurrentFlags(FeedbackItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Assessment is not { } assessment)
            return [];
        var assignedAt = AgencyWorkflow.AssignedAt(item);
        return [.. item.SlaFlags.Where(flag => flag.AgencyKey == assessment.AgencyKey && flag.AssignedAt == assignedAt)];
    }
}
