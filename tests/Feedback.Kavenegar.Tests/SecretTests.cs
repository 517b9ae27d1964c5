using System.Net;
using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

/// <summary>The API key sits in the URL path: it must not reach a log line, an exception or a ToString().</summary>
public sealed class SecretTests : KavenegarTest
{
    [Fact]
    public async Task The_key_is_in_no_log_line_and_no_exception_across_successes_every_failure_kind_and_timeouts()
    {
        var client = Harness.CreateClient();
        var impatient = Harness.CreateClient(options => { options.RequestTimeout = TimeSpan.FromSeconds(2); options.MaxRetryAttempts = 1; });
        var unreachable = Harness.CreateClient(options => options.BaseAddress = new Uri("http://127.0.0.1:9/"));
        var failures = new List<Exception>();
        var results = new List<object>();

        async Task Expect(Func<Task<object>> call)
        {
            try
            {
                results.Add(await call());
            }
            catch (Exception failure)
            {
                failures.Add(failure);
            }
        }

        await Expect(async () => await client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 1));
        await Expect(async () => await client.SendArrayAsync([new(KavenegarHarness.Receptor, "متن", LocalId: 2)]));
        await Expect(async () => await client.GetStatusAsync([1]));
        await Expect(async () => await client.GetAccountInfoAsync());
        Harness.StandIn.FailNext(1, KavenegarReturnCodes.ServerBusy);
        await Expect(async () => await client.GetAccountInfoAsync());
        Harness.StandIn.FailNext(10, KavenegarReturnCodes.ServerBusy);
        await Expect(async () => await client.GetAccountInfoAsync());
        foreach (var status in new[] { 418, 411, 412, 429, 403, 401, 422 })
        {
            Harness.StandIn.FailNext(1, status);
            await Expect(async () => await client.SendAsync(KavenegarHarness.Receptor, "متن"));
        }

        Harness.StandIn.FailNextWithHttpStatus(10, HttpStatusCode.ServiceUnavailable);
        await Expect(async () => await client.GetAccountInfoAsync());
        Harness.StandIn.FailNextWithHttpStatus(1, HttpStatusCode.NotFound);
        await Expect(async () => await client.GetAccountInfoAsync());
        Harness.StandIn.FailNextWithHttpStatus(1, HttpStatusCode.OK);
        await Expect(async () => await client.SendAsync(KavenegarHarness.Receptor, "متن"));
        Harness.StandIn.DelayNext(2, TimeSpan.FromMinutes(5));
        await Expect(async () => await impatient.GetAccountInfoAsync());
        Harness.StandIn.DelayNext(1, TimeSpan.FromMinutes(5));
        await Expect(async () => await impatient.SendAsync(KavenegarHarness.Receptor, "متن"));
        await Expect(async () => await unreachable.GetAccountInfoAsync());

        Assert.Equal(
            Enum.GetValues<KavenegarFailureKind>().Order(),
            failures.OfType<KavenegarException>().Select(failure => failure.Kind).Distinct().Order());
        Assert.Contains(failures.OfType<KavenegarException>(), failure => failure.Message.Contains("did not answer", StringComparison.Ordinal));
        Assert.Contains(failures.OfType<KavenegarException>(), failure => failure.InnerException is HttpRequestException);
        Assert.All(failures, failure =>
        {
            Assert.IsType<KavenegarException>(failure);
            Assert.DoesNotContain(KavenegarHarness.ApiKey, failure.ToString(), StringComparison.Ordinal);
        });
        Assert.All(results, result => Assert.DoesNotContain(KavenegarHarness.ApiKey, result.ToString(), StringComparison.Ordinal));

        var logs = Harness.Logs.Entries;
        Assert.Contains(logs, entry => entry.Message.Contains("v1/***/sms/send.json", StringComparison.Ordinal));
        Assert.Contains(logs, entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Warning && entry.Message.Contains("retrying", StringComparison.Ordinal));
        Assert.Contains(logs, entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.All(logs, entry => Assert.DoesNotContain(KavenegarHarness.ApiKey, entry.Everything, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_http_client_factorys_own_request_logging_is_removed()
    {
        var client = Harness.CreateClient();

        await client.GetAccountInfoAsync();

        Assert.NotEmpty(Harness.Logs.Entries);
        Assert.DoesNotContain(Harness.Logs.Entries, entry => entry.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_key_is_kept_out_as_well()
    {
        const string wrongKey = "0B1C2D3E-WRONG-KEY-4F5A6B7C";
        var client = Harness.CreateClient(options => options.ApiKey = wrongKey);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.GetAccountInfoAsync());

        Assert.Equal(KavenegarFailureKind.Configuration, failure.Kind);
        Assert.False(Assert.Single(Harness.StandIn.Calls).ApiKeyAccepted);
        Assert.DoesNotContain(wrongKey, failure.ToString(), StringComparison.Ordinal);
        Assert.All(Harness.Logs.Entries, entry => Assert.DoesNotContain(wrongKey, entry.Everything, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://api.kavenegar.com/v1/ABC-123/sms/send.json", "https://api.kavenegar.com/v1/***/sms/send.json")]
    [InlineData("http://127.0.0.1:5123/v1/ABC-123/account/info.json", "http://127.0.0.1:5123/v1/***/account/info.json")]
    [InlineData("https://example.org/api/v1/feedback", "https://example.org/api/v1/***")]
    [InlineData("https://example.org/health", "https://example.org/health")]
    public void RedactUrl_masks_the_segment_after_v1(string url, string redacted)
    {
        Assert.Equal(redacted, KavenegarRedaction.RedactUrl(new Uri(url)));
    }

    [Fact]
    public void Redact_masks_the_key_in_plain_and_escaped_form()
    {
        const string key = "a+b/c";

        var redacted = KavenegarRedaction.Redact($"plain {key} escaped {Uri.EscapeDataString(key)}", key);

        Assert.Equal("plain *** escaped ***", redacted);
    }
}
