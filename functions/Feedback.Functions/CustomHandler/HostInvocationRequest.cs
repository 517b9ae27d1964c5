using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Functions.CustomHandler;

/// <summary>
/// What the Functions host POSTs to <c>/{FunctionName}</c> for a non-HTTP trigger:
/// <c>{"Data":{…},"Metadata":{…}}</c>. <see cref="Data"/> holds the trigger's value under the binding name from
/// function.json; <see cref="Metadata"/> holds the trigger metadata (for Service Bus: MessageId, DeliveryCount,
/// UserProperties, EnqueuedTimeUtc, LockToken, SequenceNumber, …) and a <c>sys</c> object. Values stay raw JSON
/// because the host encodes them in more than one way; <see cref="InvocationTranslator"/> reads them.
/// </summary>
public sealed record HostInvocationRequest
{
    [JsonPropertyName("Data")]
    public IReadOnlyDictionary<string, JsonElement>? Data { get; init; }

    [JsonPropertyName("Metadata")]
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }
}
