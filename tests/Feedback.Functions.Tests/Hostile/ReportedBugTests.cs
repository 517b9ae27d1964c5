using System.Net;
using System.Text;
using Feedback.Functions.Tests.Privacy;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Feedback.Functions.Tests.Hostile;

/// <summary>
/// REPORTED BUGS, NOT FIXED BY THIS SUITE: faults the hostile corpus found, each reduced to one request. Every test states
/// the behaviour the app should have and fails until the app has it; the corpus tests fail on the same faults.
/// </summary>
[Trait("Category", "ReportedBug")]
public sealed class ReportedBugTests(Azurite azurite) : AppAgainstAzurite(azurite)
{
    private const string DeliberateFailureTitle = "The invocation failed; the host will retry it.";

    /// <summary>
    /// Found by the hostile corpus (now fixed): POST /dev/phone reads the form without catching what an unreadable one throws (InvalidDataException,
    /// IOException), so the exception handler answers 500 and logs an error. The SMS endpoints answer 400 for the same bodies.
    /// </summary>
    [Theory]
    [InlineData("multipart/form-data", "not really multipart", HttpStatusCode.BadRequest)]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"number\"\r\n\r\n09351112233", HttpStatusCode.BadRequest)]
    [InlineData("application/x-www-form-urlencoded", null, HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("application/x-www-form-urlencoded", "number=09351112233&message=a%00b", HttpStatusCode.BadRequest)]
    public async Task A_developer_phone_reply_that_is_no_readable_form_is_refused_with_a_problem(string contentType, string? body, HttpStatusCode expected)
    {
        using var content = new StringContent(body ?? string.Join('&', Enumerable.Range(0, 10_000).Select(index => $"f{index}=v")), Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await Client.PostAsync(new Uri("/dev/phone", UriKind.Relative), content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>
    /// Found by the hostile corpus (now fixed): a host-invocation endpoint given a payload the Functions host never sends throws (HostInvocationFormatException
    /// from the translator; ArgumentException when a message given up names a tracking code that is no table key; an
    /// InvalidOperationException for a JSON charset it cannot read): the exception handler answers 500 and logs an
    /// unhandled exception with its stack. It should answer its deliberate failure (or 400/415) without one; a well-formed
    /// invocation whose message is given up is settled by sending its dead-letter copy (Redelivery, in Triggers/QueueTrigger.cs), a 200.
    /// </summary>
    [Theory]
    [InlineData("ProcessFeedback", "application/json", "{}")]
    [InlineData("SendNotifications", "application/json", "{\"Data\":{\"message\":\"{}\"},\"Metadata\":{\"DeliveryCount\":1}}")]
    [InlineData("PollSmsStatus", "application/json", "{\"Data\":{},\"Metadata\":{}}")]
    [InlineData("ProcessFeedback", "application/json", "{\"Data\":{\"message\":\"{\\\"trackingCode\\\":\\\"a/b\\\"}\"},\"Metadata\":{\"MessageId\":\"m-1\",\"DeliveryCount\":99}}")]
    [InlineData("IntakeSweeper", "application/json; charset=utf-7", "{\"Data\":{},\"Metadata\":{}}")]
    public async Task A_malformed_host_invocation_is_refused_without_an_unhandled_exception(string function, string contentType, string body)
    {
        var logs = new CapturingLoggerProvider();
        using var app = Factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logs.AddTo(logging, LogLevel.Error)));
        using var client = app.CreateClient();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.PostAsync(new Uri("/" + function, UriKind.Relative), content);
        var answer = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(logs.Entries, log => log.Exception is not null);
        Assert.True(
            response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType || answer.Contains(DeliberateFailureTitle, StringComparison.Ordinal)
                || (response.StatusCode == HttpStatusCode.OK && function is "ProcessFeedback" or "SendNotifications"),
            $"{(int)response.StatusCode}: {answer}");
    }
}
