using Feedback.Classification.Taxonomy;

namespace Feedback.Core.Routing;

/// <summary>
/// Feedback on <see cref="TopicKey"/> in a province goes to <see cref="AgencyKey"/>; with
/// <see cref="CountyKey"/> set, the rule overrides the provincial one for that county only.
/// Rules are data, so they can be stored and edited in a table.
/// </summary>
public sealed record RoutingRule(string ProvinceKey, string TopicKey, string AgencyKey, string? CountyKey = null);

/// <summary>The governorate secretariat (دبیرخانه استانداری) of a province: receives what no rule routes.</summary>
public sealed record GovernorateSecretariat(string ProvinceKey, string AgencyKey);

public enum RoutingReason
{
    /// <summary>A rule for the item's county and topic.</summary>
    CountyRule,

    /// <summary>The province's rule for the topic (no county rule applied).</summary>
    ProvinceRule,

    /// <summary>No rule for the topic: the province's governorate secretariat, which forwards it by hand.</summary>
    GovernorateSecretariatFallback,

    /// <summary>The feedback names its agency: the survey of that agency's service it answers, or the sender's choice.</summary>
    NamedAgency,
}

/// <summary>Where an item goes and why; <see cref="Rule"/> is the rule that decided, null for the fallback.</summary>
public sealed record RoutingDecision(Agency Agency, RoutingReason Reason, RoutingRule? Rule)
{
    /// <summary>A one-line English account of the choice, for the item's history.</summary>
    public string Explanation => Rule switch
    {
        { CountyKey: not null } rule => $"County rule {rule.ProvinceKey}/{rule.CountyKey}/{rule.TopicKey} routes to {Agency.Key}.",
        { } rule => $"Province rule {rule.ProvinceKey}/{rule.TopicKey} routes to {Agency.Key}.",
        null when Reason == RoutingReason.NamedAgency => $"The feedback names its agency {Agency.Key}.",
        null => $"No rule for the topic; the governorate secretariat {Agency.Key} receives it.",
    };
}

/// <summary>
/// Resolves the responsible agency of a feedback item from routing rules: the county's rule for the topic
/// first, then the province's rule for the topic, then the province's governorate secretariat.
/// The constructor checks the data (known provinces, counties, topics and agencies; no rule twice; an
/// agency serves only its own province), so a bad edit fails when the table is loaded, not when an item
/// is routed.
/// </summary>
public sealed class RoutingTable
{
    private readonly Dictionary<string, Agency> agencies = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Province, string? County, string Topic), RoutingRule> rules = [];
    private readonly Dictionary<string, Agency> secretariats = new(StringComparer.Ordinal);

    public RoutingTable(
        IEnumerable<Agency> agencies,
        IEnumerable<RoutingRule> rules,
        IEnumerable<GovernorateSecretariat> secretariats)
    {
        ArgumentNullException.ThrowIfNull(agencies);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(secretariats);

        foreach (var agency in agencies)
            AddAgency(agency);
        foreach (var rule in rules)
            AddRule(rule);
        foreach (var secretariat in secretariats)
            AddSecretariat(secretariat);
    }

    public IReadOnlyCollection<Agency> Agencies => agencies.Values;

    public Agency? FindAgency(string agencyKey) => agencies.GetValueOrDefault(agencyKey);

    /// <summary>Whether feedback from the province can be routed here (it has a governorate secretariat to fall back on).</summary>
    public bool Serves(string provinceKey) => Resolve(provinceKey, null, FeedbackTaxonomy.TopicKeys[^1]) is not null;

    /// <summary>
    /// The agency for an item on <paramref name="topicKey"/> in <paramref name="provinceKey"/> (and
    /// <paramref name="countyKey"/> when known), or null when the province has no governorate secretariat
    /// in the table, that is, it does not run the pipeline yet.
    /// </summary>
    public RoutingDecision? Resolve(string provinceKey, string? countyKey, string topicKey)
    {
        if (countyKey is not null && rules.TryGetValue((provinceKey, countyKey, topicKey), out var countyRule))
            return new RoutingDecision(agencies[countyRule.AgencyKey], RoutingReason.CountyRule, countyRule);

        if (rules.TryGetValue((provinceKey, null, topicKey), out var provinceRule))
            return new RoutingDecision(agencies[provinceRule.AgencyKey], RoutingReason.ProvinceRule, provinceRule);

        return secretariats.TryGetValue(provinceKey, out var secretariat)
            ? new RoutingDecision(secretariat, RoutingReason.GovernorateSecretariatFallback, null)
            : null;
    }

    /// <summary>The agency the feedback itself names, when it is one of <paramref name="provinceKey"/>'s; null otherwise.</summary>
    public RoutingDecision? ResolveNamed(string provinceKey, string agencyKey) =>
        agencies.TryGetValue(agencyKey, out var agency) && agency.ProvinceKey == provinceKey
            ? new RoutingDecision(agency, RoutingReason.NamedAgency, null)
            : null;

    private void AddAgency(Agency agency)
    {
        RequireProvince(agency.ProvinceKey, $"Agency {agency.Key}");
        if (agency.CountyKey is not null)
            RequireCounty(agency.ProvinceKey, agency.CountyKey, $"Agency {agency.Key}");
        if (!agencies.TryAdd(agency.Key, agency))
            throw new ArgumentException($"Agency {agency.Key} is listed twice.");
    }

    private void AddRule(RoutingRule rule)
    {
        var where = $"Routing rule {rule.ProvinceKey}/{rule.CountyKey ?? "*"}/{rule.TopicKey}";
        RequireProvince(rule.ProvinceKey, where);
        if (rule.CountyKey is not null)
            RequireCounty(rule.ProvinceKey, rule.CountyKey, where);
        if (FeedbackTaxonomy.TopicIndex(rule.TopicKey) < 0)
            throw new ArgumentException($"{where} names unknown topic {rule.TopicKey}.");
        RequireAgencyOfProvince(rule.AgencyKey, rule.ProvinceKey, where);
        if (!rules.TryAdd((rule.ProvinceKey, rule.CountyKey, rule.TopicKey), rule))
            throw new ArgumentException($"{where} is listed twice.");
    }

    private void AddSecretariat(GovernorateSecretariat secretariat)
    {
        var where = $"Governorate secretariat of {secretariat.ProvinceKey}";
        RequireProvince(secretariat.ProvinceKey, where);
        var agency = RequireAgencyOfProvince(secretariat.AgencyKey, secretariat.ProvinceKey, where);
        if (!secretariats.TryAdd(secretariat.ProvinceKey, agency))
            throw new ArgumentException($"{where} is listed twice.");
    }

    private Agency RequireAgencyOfProvince(string agencyKey, string provinceKey, string where)
    {
        if (!agencies.TryGetValue(agencyKey, out var agency))
            throw new ArgumentException($"{where} names unknown agency {agencyKey}.");
        if (!string.Equals(agency.ProvinceKey, provinceKey, StringComparison.Ordinal))
            throw new ArgumentException($"{where} names agency {agencyKey} of another province ({agency.ProvinceKey}).");
        return agency;
    }

    private static void RequireProvince(string provinceKey, string where)
    {
        if (Provinces.Find(provinceKey) is null)
            throw new ArgumentException($"{where} names unknown province {provinceKey}.");
    }

    private static void RequireCounty(string provinceKey, string countyKey, string where)
    {
        if (Provinces.FindCounty(provinceKey, countyKey) is null)
            throw new ArgumentException($"{where} names county {countyKey}, which is not a county of {provinceKey}.");
    }
}

/// <summary>
/// The editable routing data of a deployment: its agencies, its rules (province × topic → agency, county
/// overrides) and each province's governorate secretariat. <see cref="ToTable"/> checks it.
/// </summary>
public sealed record RoutingData(IReadOnlyList<Agency> Agencies, IReadOnlyList<RoutingRule> Rules, IReadOnlyList<GovernorateSecretariat> Secretariats)
{
    public static RoutingData Empty { get; } = new([], [], []);

    /// <exception cref="ArgumentException">The data is inconsistent; the message says where.</exception>
    public RoutingTable ToTable() => new(Agencies, Rules, Secretariats);
}

/// <summary>Where the routing data is kept (a table people edit through <c>./feedback routing import</c>).</summary>
public interface IRoutingStore
{
    /// <summary>The stored data, or null when none has been stored yet.</summary>
    Task<RoutingData?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the stored data with <paramref name="data"/>, which must make a valid table.</summary>
    Task SaveAsync(RoutingData data, CancellationToken cancellationToken);
}

/// <summary>The routing table in force; replaced when the stored data changes.</summary>
public sealed class RoutingSource(RoutingTable initial)
{
    private volatile RoutingTable current = initial;

    public RoutingTable Current => current;

    public void Replace(RoutingTable table) => current = table ?? throw new ArgumentNullException(nameof(table));
}
