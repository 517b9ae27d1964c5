namespace Feedback.Core.Routing;

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
