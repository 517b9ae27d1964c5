using System.Globalization;
using Feedback.Core.Input;
using Feedback.Core.Messaging;
using Feedback.Core.Privacy;

namespace Feedback.Core.Notifications;

/// <summary>
/// A citizen's opt-out and opt-in by SMS («لغو ۱۱», «stop», «عضویت», …). Each change is confirmed by one SMS;
/// repeating a command that changes nothing sends nothing.
/// </summary>
public sealed class PhonePreferences(ISmsStore store, IMessageSender queue, PhoneProtector phones, TimeProvider clock)
{
    /// <returns>True when the command changed the number's state.</returns>
    public async Task<bool> ApplyAsync(IranianMobile phone, SmsCommand command, CancellationToken cancellationToken)
    {
        if (command == SmsCommand.None)
            throw new ArgumentException("only an opt-out or opt-in command changes preferences", nameof(command));
        var optOut = command == SmsCommand.OptOut;
        var hash = phones.LookupHash(phone);
        var now = clock.GetUtcNow();
        var (before, after) = await store.UpdatePhoneAsync(
            hash,
            state => state.OptedOut == optOut ? null : state with { OptedOut = optOut, OptedOutAt = optOut ? now : null },
            cancellationToken);
        if (before.OptedOut == after.OptedOut)
            return false;
        var confirmation = new SmsRequested(
            $"{(optOut ? "opt-out" : "opt-in")}-{hash}-{now.UtcTicks.ToString(CultureInfo.InvariantCulture)}",
            optOut ? SmsKind.OptOutConfirmation : SmsKind.OptInConfirmation,
            phones.Encrypt(phone),
            hash,
            optOut ? SmsTemplates.OptOutConfirmed() : SmsTemplates.OptInConfirmed());
        await queue.SendAsync(SmsRequested.Queue, confirmation.ToMessage(), cancellationToken);
        return true;
    }
}
