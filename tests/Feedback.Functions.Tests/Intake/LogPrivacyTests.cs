using System.Net;
using Feedback.Functions.Tests.Privacy;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Functions.Tests.Intake;

/// <summary>
/// Nothing personal or secret reaches the logs: request URLs carry the SMS secret (in the path) and the
/// citizen's number (in the query), and processing logs must not repeat message text.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class LogPrivacyTests(Azurite azurite) : IDisposable
{
    private readonly FeedbackAppFactory _factory = new();
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_sms_secret_the_phone_number_and_the_text_are_never_logged()
    {
        _factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        using var app = _factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(_logs)));
        using var client = app.CreateClient();
        var secret = _factory.Settings["Feedback:SmsInboundSecret"]!;
        const string text = "کنتور آب خونه ما خرابه و قبض سنگین اومده";

        using var response = await client.GetAsync(new Uri(
            $"/api/sms/inbound/{secret}?messageid={Guid.NewGuid():N}&from=09127654321&to=10004346&message={Uri.EscapeDataString(text)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Task.Delay(1500);

        var logged = string.Join('\n', _logs.Entries.SelectMany(entry => entry.Texts));
        Assert.NotEmpty(_logs.Entries);
        Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("7654321", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("قبض سنگین", logged, StringComparison.Ordinal);
    }
}
