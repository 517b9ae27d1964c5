using System.Text.Json;
using Feedback.Functions.CustomHandler;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.Functions.Tests.CustomHandler;

public class HostInvocationResponseTests
{
    [Fact]
    public void A_success_is_written_with_the_names_the_host_reads()
    {
        var json = JsonSerializer.Serialize(HostInvocationResponse.Succeeded(["stored 1234567890"]), JsonSerializerOptions.Web);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], document.RootElement.EnumerateObject().Select(property => property.Name));
        Assert.Empty(document.RootElement.GetProperty("Outputs").EnumerateObject());
        Assert.Equal(["stored 1234567890"], document.RootElement.GetProperty("Logs").EnumerateArray().Select(log => log.GetString()));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("ReturnValue").ValueKind);
    }

    [Fact]
    public void A_response_with_outputs_and_a_return_value_round_trips()
    {
        var response = new HostInvocationResponse
        {
            Outputs = new Dictionary<string, JsonElement>
            {
                ["myQueueOutput"] = JsonSerializer.SerializeToElement<string[]>(["queue message 1", "queue message 2"]),
            },
            Logs = ["Log message 1", "Log message 2"],
            ReturnValue = JsonSerializer.SerializeToElement("""{"hello":"world"}"""),
        };

        var json = JsonSerializer.Serialize(response, JsonSerializerOptions.Web);
        var readBack = JsonSerializer.Deserialize<HostInvocationResponse>(json, JsonSerializerOptions.Web)!;

        Assert.Contains("\"myQueueOutput\":[\"queue message 1\",\"queue message 2\"]", json, StringComparison.Ordinal);
        Assert.Equal(response.Logs, readBack.Logs);
        Assert.Equal("""{"hello":"world"}""", readBack.ReturnValue?.GetString());
        Assert.Equal(
            ["queue message 1", "queue message 2"],
            readBack.Outputs["myQueueOutput"].EnumerateArray().Select(message => message.GetString()));
    }

    [Fact]
    public async Task A_succeeded_invocation_answers_200_with_the_payload()
    {
        var (status, json) = await ExecuteAsync(HostInvocationResults.Succeeded(["done"]));

        Assert.Equal(StatusCodes.Status200OK, status);
        using var body = JsonDocument.Parse(json);
        Assert.Equal(["done"], body.RootElement.GetProperty("Logs").EnumerateArray().Select(log => log.GetString()));
        Assert.True(body.RootElement.TryGetProperty("Outputs", out _));
    }

    [Fact]
    public async Task A_failed_invocation_answers_500_so_the_host_retries_and_finally_dead_letters()
    {
        var (status, json) = await ExecuteAsync(HostInvocationResults.Failed("classification failed"));

        Assert.Equal(500, HostInvocationResults.FailedStatusCode);
        Assert.Equal(HostInvocationResults.FailedStatusCode, status);
        using var body = JsonDocument.Parse(json);
        Assert.Equal("classification failed", body.RootElement.GetProperty("detail").GetString());
    }

    private static async Task<(int Status, byte[] Body)> ExecuteAsync(IResult result)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        using var body = new MemoryStream();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Response.Body = body;

        await result.ExecuteAsync(context);

        return (context.Response.StatusCode, body.ToArray());
    }
}
