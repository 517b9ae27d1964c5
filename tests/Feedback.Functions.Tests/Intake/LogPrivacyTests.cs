using System.Collections.Concurrent;
using System.Net;
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

        var logged = string.Join('\n', _logs.Lines);
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("7654321", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("قبض سنگین", logged, StringComparison.Ordinal);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
