namespace Feedback.Storage.ServiceBus;

/// <summary>A SAS authorization rule's name and key. <see cref="ToString"/> leaves the key out.</summary>
internal sealed record SharedAccessKeyCredential(string KeyName, string Key)
{
    public override string ToString() => $"shared access key '{KeyName}'";
}
