using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Notifications;
using Feedback.Kavenegar;

namespace Feedback.Functions.Notifications;

/// <summary>
/// <see cref="ISmsGateway"/> on Kavenegar. Each SMS key becomes Kavenegar's numeric local id, so a resend after a
/// crash or a lost answer is recognised by Kavenegar and not sent twice, for as long as Kavenegar remembers local ids
/// (12 hours, <see cref="KavenegarDeliveryStatuses.LocalIdWindow"/>; the dispatcher sends nothing again after that).
/// A send whose outcome is unknown is looked up by its local id before anything else: found, it was sent.
/// </summary>
public sealed class KavenegarSmsGateway(KavenegarClient client) : ISmsGateway
{
    public async Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        var localId = LocalId(sms.Key);
        try
        {
            var sent = await client.SendAsync(sms.Phone.NationalForm, sms.Text, localId: localId, cancellationToken: cancellationToken);
            return new SmsSendResult.Accepted(sent.MessageId.ToString(CultureInfo.InvariantCulture));
        }
        catch (KavenegarException unknown) when (unknown.OutcomeUnknown)
        {
            if (await SentAsync(localId, cancellationToken) is { } messageId)
                return new SmsSendResult.Accepted(messageId);
            // Not found: Kavenegar has not sent it, and the queue tries again with the same local id.
            throw;
        }
        catch (KavenegarException refused) when (refused.Kind == KavenegarFailureKind.Permanent)
        {
            return new SmsSendResult.Undeliverable(refused.Message);
        }
        catch (KavenegarException refused) when (refused.Kind is KavenegarFailureKind.InsufficientCredit or KavenegarFailureKind.Throttled or KavenegarFailureKind.Configuration)
        {
            return new SmsSendResult.Paused($"{refused.Kind}: {refused.Message}");
        }
    }

    /// <summary>What sms/status says; 100 (Kavenegar no longer knows the id: past its 48 hours) is <see cref="SmsState.Unconfirmed"/>.</summary>
    public async Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerMessageIds);
        var ids = providerMessageIds.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (long?)null).OfType<long>().ToArray();
        if (ids.Length == 0)
            return new Dictionary<string, SmsState>();
        var states = new Dictionary<string, SmsState>();
        foreach (var status in await client.GetStatusAsync(ids, cancellationToken))
        {
            var state = status.Status == KavenegarDeliveryStatuses.UnknownMessage ? SmsState.Unconfirmed : ToState(status.State);
            if (state is { } known)
                states[status.MessageId.ToString(CultureInfo.InvariantCulture)] = known;
        }
        return states;
    }

    private async Task<string?> SentAsync(long localId, CancellationToken cancellationToken)
    {
        try
        {
            var found = (await client.GetStatusByLocalIdsAsync([localId], cancellationToken))[0];
            return found.IsKnown ? found.MessageId.ToString(CultureInfo.InvariantCulture) : null;
        }
        catch (KavenegarException)
        {
            return null;
        }
    }

    /// <summary>Kavenegar's delivery state in the pipeline's terms; null when Kavenegar cannot say.</summary>
    public static SmsState? ToState(SmsDeliveryState state) => state switch
    {
        SmsDeliveryState.Queued => SmsState.Sent,
        SmsDeliveryState.Sent => SmsState.Sent,
        SmsDeliveryState.Delivered => SmsState.Delivered,
        SmsDeliveryState.Failed => SmsState.Failed,
        SmsDeliveryState.Blocked => SmsState.Blocked,
        _ => null,
    };

    /// <summary>A positive 63-bit number from the key: the same key always gives the same local id.</summary>
    public static long LocalId(string key) =>
        (long)(BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key))) >> 1);
}
