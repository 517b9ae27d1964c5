using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Functions.CustomHandler;

/// <summary>
/// What the app answers the Functions host after a non-HTTP invocation, with status 200:
/// <c>{"Outputs":{…},"Logs":[…],"ReturnValue":…}</c>. <see cref="Outputs"/> feeds output bindings by name,
/// <see cref="Logs"/> go to the invocation's log (Application Insights in Azure), <see cref="ReturnValue"/> feeds a
/// <c>$return</c> binding. The host reads this body only from a success status; see <see cref="HostInvocationResults.Failed"/>.
/// </summary>
public sealed record HostInvocationResponse
{
    [JsonPropertyName("Outputs")]
    public IReadOnlyDictionary<string, JsonElement> Outputs { get; init; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("Logs")]
    public IReadOnlyList<string> Logs { get; init; } = [];

    [JsonPropertyName("ReturnValue")]
    public JsonElement? ReturnValue { get; init; }

    /// <summary>A handled invocation with no outputs: the host completes the Service Bus message.</summary>
    public static HostInvocationResponse Succeeded(IReadOnlyList<string>? logs = null) =>
        new() { Logs = logs ?? [] };
}
