using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Notifications;
using Feedback.Kavenegar;

namespace Feedback.Functions.Notifications;

/// <summary>
/// <see cref="ISmsGateway"/> on Kavenegar. Each SMS key becomes Kavenegar's numeric local id, so a resend after a
/// crash or a lost answer is recognised by Kavenegar and not sent twice.
/// </summary>
public sealed class KavenegarSmsGateway(KavenegarClient client) : ISmsGateway
{
    public async Task<SmsSendResult> SendAsync(SmsToSend sms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sms);
        try
        {
            var sent = await client.SendAsync(sms.Phone.NationalForm, sms.Text, localId: LocalId(sms.Key), cancellationToken: cancellationToken);
            return new SmsSendResult.Accepted(sent.MessageId.ToString(CultureInfo.InvariantCulture));
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

    public async Task<IReadOnlyDictionary<string, SmsState>> GetStatesAsync(IReadOnlyList<string> providerMessageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(providerMessageIds);
        var ids = providerMessageIds.Select(id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (long?)null).OfType<long>().ToArray();
        if (ids.Length == 0)
            return new Dictionary<string, SmsState>();
        var statuses = await client.GetStatusAsync(ids, cancellationToken);
        return statuses
            .Where(status => ToState(status.State) is not null)
            .ToDictionary(status => status.MessageId.ToString(CultureInfo.InvariantCulture), status => ToState(status.State)!.Value);
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
