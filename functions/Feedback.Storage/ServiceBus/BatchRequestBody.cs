namespace Feedback.Storage.ServiceBus;

/// <summary>One batch request's JSON body and how many messages it carries.</summary>
internal readonly record struct BatchRequestBody(ReadOnlyMemory<byte> Json, int MessageCount);
