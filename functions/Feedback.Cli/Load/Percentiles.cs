namespace Feedback.Cli.Load;

/// <summary>The 50th, 95th and 99th percentiles of a set of measurements (nearest rank), rounded to 0.1.</summary>
public sealed record Percentiles(double P50, double P95, double P99)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return new Percentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99));
    }

    public static double At(double[] sorted, double share)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)], 1);
    }
}
