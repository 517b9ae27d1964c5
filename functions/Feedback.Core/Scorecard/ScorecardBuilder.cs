using Feedback.Core.Items;

namespace Feedback.Core.Scorecard;

/// <summary>
/// Builds the public scorecard from its entries, showing no group of fewer than <see cref="MinimumGroupSize"/> items.
/// <para>
/// k = 5: every figure shown then mixes at least five citizens' experiences, so none describes one person (the
/// threshold statistical offices commonly use for published counts); a larger k would hide most counter offices
/// and county agencies of a small province for a month.
/// </para>
/// <para>
/// Hiding a small group is not enough where its figures can be worked out from what is shown:
/// <list type="bullet">
/// <item>Within a table: a province's figures minus its shown agencies' would give the hidden agencies' together. So
/// whenever the hidden groups of a province (or, for provinces, of the whole table) add up to fewer than k items,
/// the smallest shown group is hidden too, until what cannot be seen adds up to 0 or at least k.</item>
/// <item>Across periods: a quarter minus its shown months would give a month where a group was hidden. So a group
/// is shown in a quarter or a year only if its items in the months it is hidden in add up to 0 or at least k;
/// in a year the same holds for the quarters it is hidden in, and for the hidden months within those quarters
/// (a year minus its shown quarters minus the shown months of the others).</item>
/// </list>
/// </para>
/// </summary>
public sealed class ScorecardBuilder(Func<string, string> provinceName, Func<string, string> agencyName)
{
    public const int MinimumGroupSize = 5;

    private const string Negative = "negative";

    /// <summary>The scorecard of <paramref name="period"/> from the entries read for it (entries outside it are ignored).</summary>
    public ScorecardReport Build(ScorecardPeriod period, IReadOnlyList<ScorecardEntry> entries, IReadOnlyList<ScorecardPeriod> choices, DateTimeOffset computedAt)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(choices);
        var inPeriod = entries.Where(entry => period.Contains(entry.Day)).ToArray();
        var shown = Shown(period, entries);
        return new ScorecardReport(
            ScorecardPeriodView.Of(period),
            MinimumGroupSize,
            Table(GroupTable.Province, inPeriod, shown),
            Table(GroupTable.Agency, inPeriod, shown),
            Table(GroupTable.CounterOffice, inPeriod, shown),
            [.. choices.Select(ScorecardPeriodView.Of)],
            computedAt);
    }

    private ScorecardTable Table(GroupTable table, IReadOnlyList<ScorecardEntry> entries, IReadOnlySet<Group> shown)
    {
        var groups = entries.SelectMany(entry => GroupsOf(entry).Where(group => group.Table == table).Select(group => (Group: group, Entry: entry)))
            .GroupBy(pair => pair.Group, pair => pair.Entry)
            .ToArray();
        var rows = groups.Where(group => shown.Contains(group.Key))
            .Select(group => Row(group.Key, [.. group]))
            .OrderByDescending(row => row.Volume)
            .ThenBy(row => row.Key, StringComparer.Ordinal)
            .ToArray();
        return new ScorecardTable(rows, groups.Length - rows.Length);
    }

    private ScorecardRow Row(Group group, IReadOnlyList<ScorecardEntry> entries)
    {
        var cases = entries.Where(entry => entry.Kind == ItemKind.Case).ToArray();
        var answered = cases.Where(entry => entry.ResolutionRating is not null).ToArray();
        var reopened = cases.Count(entry => entry.ReopenCount > 0);
        var resolvedOnce = cases.Count(entry => entry.Status == FeedbackStatus.Resolved || entry.ReopenCount > 0);
        var slaKnown = cases.Where(entry => entry.SlaMissed is not null).ToArray();
        return new ScorecardRow(
            group.Key,
            group.Table switch
            {
                GroupTable.Province => provinceName(group.Province),
                GroupTable.Agency => agencyName(group.Member),
                _ => group.Member,
            },
            provinceName(group.Province),
            entries.Count,
            entries.Count(entry => entry.Sentiment == Negative) / (double)entries.Count,
            Median(cases.Select(entry => Hours(entry.AssignedAt, entry.AcknowledgedAt))),
            Median(cases.Where(entry => entry.Status is FeedbackStatus.Resolved or FeedbackStatus.Rejected).Select(entry => Hours(entry.AssignedAt, entry.ClosedAt))),
            slaKnown.Length == 0 ? null : slaKnown.Count(entry => entry.SlaMissed == false) / (double)slaKnown.Length,
            answered.Length == 0 ? null : answered.Average(entry => entry.ResolutionRating!.Value),
            answered.Length,
            // Until a resolution survey was answered (or a case reopened) in the group, nothing could be reopened: «—», not 0.
            (answered.Length == 0 && reopened == 0) || resolvedOnce == 0 ? null : reopened / (double)resolvedOnce);
    }

    private static double? Hours(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end ? Math.Max(0, (end - start).TotalHours) : null;

    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The groups shown in <paramref name="period"/>: large enough, and hiding no small group from subtraction.</summary>
    internal static IReadOnlySet<Group> Shown(ScorecardPeriod period, IReadOnlyList<ScorecardEntry> entries)
    {
        var volumes = Volumes(period, entries);
        var withheld = new HashSet<Group>();
        if (period.Kind != ScorecardPeriodKind.Month)
        {
            var months = period.Months().Select(month => (Period: month, Volumes: Volumes(month, entries), Shown: Shown(month, entries))).ToArray();
            var quarters = period.Quarters().Select(quarter => (Period: quarter, Volumes: Volumes(quarter, entries), Shown: Shown(quarter, entries))).ToArray();
            foreach (var group in volumes.Keys)
            {
                var hiddenMonths = months.Sum(month => month.Shown.Contains(group) ? 0 : month.Volumes.GetValueOrDefault(group));
                var hiddenQuarters = quarters.Where(quarter => !quarter.Shown.Contains(group)).ToArray();
                var hiddenMonthsOfHiddenQuarters = months
                    .Where(month => hiddenQuarters.Any(quarter => quarter.Period.Contains(month.Period.From)) && !month.Shown.Contains(group))
                    .Sum(month => month.Volumes.GetValueOrDefault(group));
                if (!Safe(hiddenMonths) || !Safe(hiddenQuarters.Sum(quarter => quarter.Volumes.GetValueOrDefault(group))) || !Safe(hiddenMonthsOfHiddenQuarters))
                    withheld.Add(group);
            }
        }
        var shown = volumes.Where(group => group.Value >= MinimumGroupSize && !withheld.Contains(group.Key)).Select(group => group.Key).ToHashSet();
        foreach (var family in volumes.Keys.GroupBy(group => (group.Table, group.Table == GroupTable.Province ? string.Empty : group.Province)))
        {
            var hidden = family.Where(group => !shown.Contains(group)).Sum(group => volumes[group]);
            while (!Safe(hidden) && family.Where(shown.Contains).OrderBy(group => volumes[group]).ThenBy(group => group.Key, StringComparer.Ordinal).FirstOrDefault() is { } smallest)
            {
                shown.Remove(smallest);
                hidden += volumes[smallest];
            }
        }
        return shown;
    }

    /// <summary>What cannot be seen adds up to nothing, or to at least k items.</summary>
    private static bool Safe(int hiddenVolume) => hiddenVolume == 0 || hiddenVolume >= MinimumGroupSize;

    private static Dictionary<Group, int> Volumes(ScorecardPeriod period, IReadOnlyList<ScorecardEntry> entries) =>
        entries.Where(entry => period.Contains(entry.Day)).SelectMany(GroupsOf).GroupBy(group => group).ToDictionary(group => group.Key, group => group.Count());

    private static IEnumerable<Group> GroupsOf(ScorecardEntry entry)
    {
        yield return new Group(GroupTable.Province, entry.Province, entry.Province);
        yield return new Group(GroupTable.Agency, entry.Province, entry.AgencyKey);
        if (entry.CounterOffice is { } office)
            yield return new Group(GroupTable.CounterOffice, entry.Province, office);
    }

    internal enum GroupTable
    {
        Province,
        Agency,
        CounterOffice,
    }

    /// <summary>A group of one table: a province, an agency of a province, or a counter office's items in a province.</summary>
    internal sealed record Group(GroupTable Table, string Province, string Member)
    {
        public string Key => Table == GroupTable.Province ? Province : $"{Province}/{Member}";
    }
}
