using Feedback.Core.Messaging;
using Feedback.Messaging.StorageQueues;
using Feedback.Storage.Connection;
using Feedback.Testing;

namespace Feedback.Messaging.Tests.StorageQueues;

/// <summary>The transport contract against Storage Queues on a real Azurite; dead letters are on "&lt;queue&gt;-poison".</summary>
[Collection(Azurite.Collection)]
public sealed class StorageQueueTransportContractTests(Azurite azurite) : MessageTransportContract
{
    private readonly StorageQueueTransport transport = new(StorageClients.FromConnectionString(azurite.ConnectionString).Queues);

    protected override IMessageSender Sender => transport;

    protected override IMessageReceiver Receiver => transport;

    protected override string NewQueue() => TestNames.Queue();

    protected override Task<IReadOnlyList<ReceivedMessage>> ReceiveDeadLetteredAsync(string queue) =>
        transport.ReceiveAsync(queue + StorageQueueTransport.PoisonQueueSuffix, 32, TimeSpan.FromSeconds(30), Cancellation);
}
