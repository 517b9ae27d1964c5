namespace Feedback.Storage.Tests.Capacity;

/// <summary>docs/capacity.md is computed here, from the stores' own key functions: it cannot drift from the code.</summary>
public class CapacityModelTests
{
    public static TheoryData<string> Scenarios => [CapacitySimulation.Outage.Name, CapacitySimulation.Ordinary.Name];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void At_the_national_peak_no_table_partition_queue_or_account_is_above_half_its_limit(string name)
    {
        var loads = CapacitySimulation.Run(ScenarioNamed(name)).Where(load => !load.Resource.StartsWith("Service Bus", StringComparison.Ordinal));

        var overHalf = loads.Where(load => load.Share > 0.5).Select(load => $"{load.Resource} ({load.Key}): {load.PerSecond:N0} {load.Unit} of {load.Limit:N0}").ToArray();
        Assert.True(overHalf.Length == 0, string.Join("; ", overHalf));
    }

    /// <summary>The outage province too, now that a notifications message carries a batch's acknowledgements (it took 1,560 credits/s of 1,000 when it carried one).</summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_province_fits_half_of_a_standard_service_bus_namespace(string name)
    {
        var serviceBus = CapacitySimulation.Run(ScenarioNamed(name)).Single(load => load.Resource.StartsWith("Service Bus", StringComparison.Ordinal));

        Assert.True(serviceBus.Share <= 0.5, $"{serviceBus.PerSecond:N0} credits/s of {serviceBus.Limit:N0}");
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void The_capacity_document_carries_the_figures_the_code_gives(string name)
    {
        var document = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "capacity.md")).ReplaceLineEndings("\n");

        var table = CapacitySimulation.Render(ScenarioNamed(name));

        Assert.True(document.Contains(table, StringComparison.Ordinal), $"docs/capacity.md does not carry this table (paste it in):\n{table}");
    }

    private static Scenario ScenarioNamed(string name) => name == CapacitySimulation.Outage.Name ? CapacitySimulation.Outage : CapacitySimulation.Ordinary;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                return directory.FullName;
        }
        throw new DirectoryNotFoundException("the repository root (Feedback.sln) is not above the test's directory");
    }
}
