using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Intake;

/// <summary>
/// A request body sent with Transfer-Encoding: chunked (no Content-Length), over a real socket to the app on Kestrel,
/// as `./feedback run` serves it and as the Functions host's proxying (enableProxyingHttpRequest, host.json) streams it.
/// The host's legacy forwarding copied a body only when Content-Length was over 0, so such a body arrived empty.
/// </summary>
[Collection(Azurite.Collection)]
public sealed class ChunkedBodyTests(Azurite azurite) : IDisposable
{
    private readonly FeedbackAppFactory _factory = new();

    [Fact]
    public async Task A_chunked_post_is_read_whole_and_accepted()
    {
        _factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        _factory.UseKestrel(0);
        _factory.StartServer();
        using var client = _factory.CreateClient();
        var json = JsonSerializer.Serialize(new { text = "سه روزه آب محله ما قطعه", province = "zanjan" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/feedback")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString();
        Assert.Matches("^[1-9][0-9]{9}$", code);
    }

    public void Dispose() => _factory.Dispose();

    /// <summary>A body whose length the client cannot know up front, so it must send it in chunks.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
