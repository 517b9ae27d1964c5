using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Feedback.Kavenegar.StandIn;
using Feedback.Testing;

namespace Feedback.Functions.Tests;

/// <summary>
/// The measuring runs of message-path.sh, copied into the Functions tests of the tree it measures (never part of the
/// suite): <see cref="One_web_message"/> starts the app and takes one web message to its acknowledgement SMS,
/// <see cref="Start_only"/> starts the app and waits as long. The files whose code ran in the first and not in the
/// second are the message's path.
/// </summary>
public sealed class MessagePathProbe(Azurite azurite) : AppAgainstAzurite(azurite)
{
    /// <summary>12:00 in Tehran: no quiet hours in the way.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(20);

    private KavenegarStandIn kavenegar = null!;

    public override async Task InitializeAsync()
    {
        kavenegar = await KavenegarStandIn.StartAsync("probe-api-key", null);
        Factory.Clock = new ManualClock(TehranNoon);
        Factory.Settings["Feedback:Kavenegar:ApiKey"] = kavenegar.ApiKey;
        Factory.Settings["Feedback:Kavenegar:BaseAddress"] = kavenegar.BaseAddress.AbsoluteUri;
        Factory.Settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        Factory.Settings["Feedback:Kavenegar:ReceiveLines"] = "10004346";
        await base.InitializeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            kavenegar.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Start_only()
    {
        _ = Factory.Services;
        await Task.Delay(RunFor);
        Assert.Empty(kavenegar.Messages);
    }

    [Fact]
    public async Task One_web_message()
    {
        var started = DateTime.UtcNow;
        using var response = await Client.PostAsJsonAsync("/api/feedback", new { text = "سه روزه آب محله ما قطعه و هیچکس جواب نمیده", phone = "09351112233", province = "zanjan" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        while (kavenegar.Messages.Count == 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(60))
            await Task.Delay(100);
        Assert.Single(kavenegar.Messages);
        var rest = RunFor - (DateTime.UtcNow - started);
        if (rest > TimeSpan.Zero)
            await Task.Delay(rest);
    }
}
