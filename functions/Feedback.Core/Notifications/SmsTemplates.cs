using Feedback.Core.Items;
using Feedback.Core.Time;

namespace Feedback.Core.Notifications;

/// <summary>
/// Every SMS the pipeline sends a citizen, in one place: Persian, polite, and never longer than
/// <see cref="MaxSegments"/> UCS-2 segments (134 characters), whatever names and replies go into it.
/// </summary>
/// <remarks>
/// <para>Digits are Persian (۰-۹), the tracking code and «لغو۱۱» included: every parser of citizen input here
/// (tracking codes, survey ratings, opt-out commands) reads all three digit scripts, so nothing a citizen types
/// back depends on the script shown. The tracking code stays one unbroken run of ten digits: a space inside
/// it would let right-to-left layout show its groups in reverse order, and a run is copied whole by a long press.
/// Names from data (agencies, services) get Persian digits too; an agency's own reply is shown as written.</para>
/// <para>When the variable parts are too long, the least needed part gives way: the survey drops the service
/// name before it shortens the agency name, the acknowledgement shortens the agency name, the status update
/// shortens the agency's reply; shortening ends at a whole word with «…».</para>
/// </remarks>
public static class SmsTemplates
{
    public const int MaxSegments = 2;

    /// <summary>
    /// The fewest characters of the agency's name worth showing: with less room beside the status page, the
    /// acknowledgement leaves the name out (the status page shows it) rather than keep a stub of it.
    /// </summary>
    public const int MinimumAgencyRoom = 12;

    /// <summary>
    /// The longest status page address the acknowledgement accepts: the tracking code and the whole address fit in
    /// <see cref="MaxSegments"/> segments with the agency's name left out. A deployment's own address
    /// (https://func-…-&lt;suffix&gt;.azurewebsites.net/status, up to 85 characters with the longest names the Bicep
    /// makes) fits; a shorter address leaves room for the agency's name.
    /// </summary>
    public static int MaxStatusPageLength { get; } =
        SmsSegments.Capacity(SmsEncoding.Ucs2, MaxSegments) - AcknowledgementWithoutAgency("۰۰۰۰۰۰۰۰۰۰", string.Empty).Length;

    private const string OptOutHint = "لغو۱۱";

    /// <summary>After a public service: how was it, reply with a rating 1–5 or in words, «لغو۱۱» to stop surveys.</summary>
    public static string SurveyInvitation(string agencyName, string? serviceName)
    {
        var agency = NameFromData(agencyName, nameof(agencyName));
        var question = $"چقدر راضی بودید؟ لطفاً امتیاز ۱ تا ۵ یا نظرتان را بفرستید. {OptOutHint}";

        if (!string.IsNullOrWhiteSpace(serviceName))
        {
            var withService = $"از «{NameFromData(serviceName, nameof(serviceName))}» در {agency} {question}";
            if (SmsSegments.FitsIn(withService, MaxSegments))
                return withService;
        }

        return SmsText.FitSlot(name => $"از {name} {question}", agency, MaxSegments);
    }

    /// <summary>
    /// The item was stored and referred to the agency: its tracking code, and on the last line the page where the
    /// citizen follows it (the deployment's status page, or a link to this item's status on it). The page is a
    /// parameter because it is the deployment's own address, which no template may invent.
    /// </summary>
    public static string Acknowledgement(string trackingCode, string agencyName, Uri statusPage)
    {
        ArgumentNullException.ThrowIfNull(statusPage);
        if (!statusPage.IsAbsoluteUri || (statusPage.Scheme != Uri.UriSchemeHttps && statusPage.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException("The status page must be an absolute http(s) address.", nameof(statusPage));
        var page = statusPage.AbsoluteUri;
        if (page.Length > MaxStatusPageLength)
            throw new ArgumentException($"The status page address is longer than {MaxStatusPageLength} characters.", nameof(statusPage));

        var code = ShownCode(trackingCode);
        var agency = NameFromData(agencyName, nameof(agencyName));
        string WithAgency(string name) => $"پیام شما ثبت و به {name} ارجاع شد.\nکد پیگیری: {code}\n{page}";
        var agencyRoom = SmsSegments.Capacity(SmsEncoding.Ucs2, MaxSegments) - WithAgency(string.Empty).Length;
        return agencyRoom >= Math.Min(MinimumAgencyRoom, agency.Length)
            ? SmsText.FitSlot(WithAgency, agency, MaxSegments)
            : AcknowledgementWithoutAgency(code, page);
    }

    private static string AcknowledgementWithoutAgency(string shownCode, string page) => $"پیام شما ثبت و ارجاع شد.\nکد پیگیری: {shownCode}\n{page}";

    /// <summary>The agency moved the item on: the new status, the Jalali date it did, and as much of its reply as fits.</summary>
    public static string StatusChanged(string trackingCode, NotifiedStatus status, string? agencyReply, DateTimeOffset at)
    {
        var heading = $"پیام شما با کد پیگیری {ShownCode(trackingCode)}\nوضعیت: {StatusText(status)} ({TehranTime.JalaliDate(at)})";
        if (string.IsNullOrWhiteSpace(agencyReply))
            return heading;

        return SmsText.FitSlot(reply => $"{heading}\nپاسخ دستگاه: {reply}", SmsText.Tidy(agencyReply), MaxSegments);
    }

    /// <summary>Opting out stops survey invitations only: answers about feedback the citizen sends still go out.</summary>
    public static string OptOutConfirmed() =>
        "شهروند گرامی، پیامک نظرسنجی دیگر برای شما ارسال نمی‌شود. برای دریافت دوباره، «عضویت» را بفرستید.";

    public static string OptInConfirmed() =>
        $"شهروند گرامی، پیامک نظرسنجی دوباره برای شما ارسال می‌شود. برای انصراف، «{OptOutHint}» را بفرستید.";

    /// <summary>The status as the citizen reads it.</summary>
    public static string StatusText(NotifiedStatus status) => status switch
    {
        NotifiedStatus.Acknowledged => "رؤیت شد",
        NotifiedStatus.InProgress => "در حال بررسی",
        NotifiedStatus.Resolved => "رسیدگی شد",
        NotifiedStatus.Rejected => "پذیرفته نشد",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a status citizens are told about."),
    };

    private static string ShownCode(string trackingCode)
    {
        var parsed = TrackingCode.Parse(trackingCode);
        if (!parsed.IsValid)
            throw new ArgumentException("Not a valid tracking code.", nameof(trackingCode));
        return TehranTime.PersianDigits(parsed.Code.Value);
    }

    private static string NameFromData(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameterName);
        return TehranTime.PersianDigits(SmsText.Tidy(name));
    }
}
