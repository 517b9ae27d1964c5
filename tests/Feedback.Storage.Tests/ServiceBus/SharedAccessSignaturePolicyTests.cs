using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Messaging;
using Feedback.Storage.ServiceBus;
using Feedback.Testing;

namespace Feedback.Storage.Tests.ServiceBus;

public class SharedAccessSignaturePolicyTests
{
    private const string KeyName = "send-only";
    private const string Key = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";
    private static readonly DateTimeOffset NewYear = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_token_matches_a_known_answer()
    {
        var policy = new SharedAccessSignaturePolicy(new SharedAccessKeyCredential(KeyName, Key), TimeSpan.FromHours(1), TimeProvider.System);

        var token = policy.Sign("https://contoso.servicebus.windows.net/feedback-intake", NewYear);

        // Computed outside .NET (Python hmac/hashlib/urllib) from the documented recipe.
        Assert.Equal(
            "SharedAccessSignature sr=https%3A%2F%2Fcontoso.servicebus.windows.net%2Ffeedback-intake"
            + "&sig=njAzsniTZqSneFQhKrUfsg7kXCQrG1dCyZ2wEK%2Bm0Vk%3D&se=1767229200&skn=send-only",
            token.Value);
        Assert.Equal(NewYear.AddHours(1), token.ExpiresAt);
    }

    [Fact]
    public async Task A_send_carries_a_token_signed_over_the_encoded_entity_and_its_expiry()
    {
        var transport = new MockTransport(201);
        var sender = CreateSender(transport, new ManualClock(NewYear));

        await sender.SendAsync("feedback-intake", Message("m-1"), CancellationToken.None);

        var token = TokenParts(transport.Requests.Single().Headers["Authorization"]);
        Assert.Equal("https%3A%2F%2Fcontoso.servicebus.windows.net%2Ffeedback-intake", token["sr"]);
        Assert.Equal("1767229200", token["se"]);
        Assert.Equal(KeyName, token["skn"]);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes($"{token["sr"]}\n{token["se"]}"));
        Assert.Equal(Convert.ToBase64String(expected), Uri.UnescapeDataString(token["sig"]));
    }

    [Fact]
    public async Task A_token_is_reused_until_five_minutes_before_it_expires()
    {
        var transport = new MockTransport(201);
        var clock = new ManualClock(NewYear);
        var sender = CreateSender(transport, clock);

        await sender.SendAsync("feedback-intake", Message("m-1"), CancellationToken.None);
        clock.Now = NewYear.AddMinutes(54);
        await sender.SendAsync("feedback-intake", Message("m-2"), CancellationToken.None);
        clock.Now = NewYear.AddMinutes(55);
        await sender.SendAsync("feedback-intake", Message("m-3"), CancellationToken.None);

        var tokens = transport.Requests.Select(request => request.Headers["Authorization"]).ToList();
        Assert.Equal(tokens[0], tokens[1]);
        Assert.NotEqual(tokens[1], tokens[2]);
        Assert.Equal(NewYear.AddMinutes(55).AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), TokenParts(tokens[2])["se"]);
    }

    [Fact]
    public async Task Each_entity_gets_a_token_for_itself()
    {
        var transport = new MockTransport(201);
        var sender = CreateSender(transport, new ManualClock(NewYear));

        await sender.SendAsync("feedback-intake", Message("m-1"), CancellationToken.None);
        await sender.SendAsync("notifications", Message("m-2"), CancellationToken.None);

        Assert.Equal(
            ["https%3A%2F%2Fcontoso.servicebus.windows.net%2Ffeedback-intake", "https%3A%2F%2Fcontoso.servicebus.windows.net%2Fnotifications"],
            transport.Requests.Select(request => TokenParts(request.Headers["Authorization"])["sr"]));
    }

    [Fact]
    public void A_lifetime_shorter_than_the_renewal_margin_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new SharedAccessSignaturePolicy(new SharedAccessKeyCredential(KeyName, Key), TimeSpan.FromMinutes(5), TimeProvider.System));
    }

    private static ServiceBusSender CreateSender(MockTransport transport, TimeProvider clock) =>
        new(
            ServiceBusConnection.Parse($"Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName={KeyName};SharedAccessKey={Key}"),
            options: new ServiceBusSenderOptions { Transport = transport, TimeProvider = clock });

    private static OutgoingMessage Message(string id) =>
        new(id, "{}"u8.ToArray(), new Dictionary<string, string>());

    private static Dictionary<string, string> TokenParts(string authorization)
    {
        const string Scheme = "SharedAccessSignature ";
        Assert.StartsWith(Scheme, authorization, StringComparison.Ordinal);
        return authorization[Scheme.Length..]
            .Split('&')
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }
}
