using Feedback.Core.Items;
using Feedback.Core.Notifications;

namespace Feedback.Core.Agencies;

/// <summary>A status SMS is superseded when its item has a later step the citizen is told about within the coalescing window.</summary>
public sealed class StatusNoticeCoalescing(IFeedbackStore store, SmsRules rules) : ISupersededNotices
{
    public async Task<bool> IsSupersededAsync(SmsRequested request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!StatusNotices.TryParseKey(request.Key, out var trackingCode, out var step))
            return false;
        return await store.GetAsync(trackingCode, cancellationToken) is { } item && StatusNotices.IsSuperseded(item, step, rules.StatusCoalescing);
    }
}
