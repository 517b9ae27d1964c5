namespace Feedback.Cli.Load;

/// <summary>Which intake a load sends its messages through: the web form, Kavenegar's inbound-SMS forward, or both in turn.</summary>
public enum LoadChannel
{
    Mix,
    Sms,
    Web,
}

public static class LoadChannels
{
    private static readonly Dictionary<string, LoadChannel> ByName = new(StringComparer.Ordinal)
    {
        ["sms"] = LoadChannel.Sms,
        ["web"] = LoadChannel.Web,
        ["mix"] = LoadChannel.Mix,
    };

    /// <summary>The channel a --channel value names; anything else is a clear error.</summary>
    public static LoadChannel Parse(string value) =>
        ByName.TryGetValue(value, out var channel) ? channel : throw new CliException($"--channel '{value}' is not one of {string.Join(", ", ByName.Keys)}");

    public static string Name(this LoadChannel channel) => ByName.First(pair => pair.Value == channel).Key;

    /// <summary>Whether message <paramref name="index"/> goes as an SMS: in the mix the odd ones, as the load test always sent them.</summary>
    public static bool SendsSms(this LoadChannel channel, int index) => channel switch
    {
        LoadChannel.Sms => true,
        LoadChannel.Web => false,
        _ => index % 2 == 1,
    };
}
