using System.Buffers;
using System.Globalization;
using System.Text;
using Feedback.Core.Items;
using Feedback.Core.Time;

namespace Feedback.Core.Notifications;

/// <summary>
/// Every SMS the pipeline sends a citizen, in one place: Persian, polite, and never longer than
/// <see cref="MaxSegments"/> UCS-2 segments (134 characters), whatever names and replies go into it; only a
/// resolution carrying the agency's whole answer, and a clerk's question, may take up to <see cref="MaxResolutionSegments"/>.
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
    public static string Acknowledgement(TrackingCode trackingCode, string agencyName, Uri statusPage)
    {
        var page = CheckedStatusPage(statusPage);

        var code = ShownCode(trackingCode);
        var agency = NameFromData(agencyName, nameof(agencyName));
        string WithAgency(string name) => $"پیام شما ثبت و به {name} ارجاع شد.\nکد پیگیری: {code}\n{page}";
        var agencyRoom = SmsSegments.Capacity(SmsEncoding.Ucs2, MaxSegments) - WithAgency(string.Empty).Length;
        return agencyRoom >= Math.Min(MinimumAgencyRoom, agency.Length)
            ? SmsText.FitSlot(WithAgency, agency, MaxSegments)
            : AcknowledgementWithoutAgency(code, page);
    }

    /// <summary>
    /// Feedback that asks nothing of the agency (praise, thanks, a rating): thanked and recorded, with the tracking
    /// code and the status page. Its first line is no longer than the acknowledgement's without an agency, so the
    /// same address limit keeps it within <see cref="MaxSegments"/>.
    /// </summary>
    public static string Thanks(TrackingCode trackingCode, Uri statusPage)
    {
        var page = CheckedStatusPage(statusPage);
        return $"سپاس از نظر شما؛ ثبت شد.\nکد پیگیری: {ShownCode(trackingCode)}\n{page}";
    }

    private static string CheckedStatusPage(Uri statusPage)
    {
        ArgumentNullException.ThrowIfNull(statusPage);
        if (!statusPage.IsAbsoluteUri || (statusPage.Scheme != Uri.UriSchemeHttps && statusPage.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException("The status page must be an absolute http(s) address.", nameof(statusPage));
        var page = statusPage.AbsoluteUri;
        if (page.Length > MaxStatusPageLength)
            throw new ArgumentException($"The status page address is longer than {MaxStatusPageLength} characters.", nameof(statusPage));
        return page;
    }

    private static string AcknowledgementWithoutAgency(string shownCode, string page) => $"پیام شما ثبت و ارجاع شد.\nکد پیگیری: {shownCode}\n{page}";

    /// <summary>The agency moved the item on: the new status, the Jalali date it did, and as much of its reply as fits.</summary>
    public static string StatusChanged(TrackingCode trackingCode, NotifiedStatus status, string? agencyReply, DateTimeOffset at)
    {
        var heading = StatusHeading(trackingCode, status, at);
        if (string.IsNullOrWhiteSpace(agencyReply))
            return heading;

        return SmsText.FitSlot(reply => $"{heading}\nپاسخ دستگاه: {reply}", SmsText.Tidy(agencyReply), MaxSegments);
    }

    /// <summary>
    /// The most segments a resolution SMS may take to carry the agency's whole answer. GOV.UK Notify sends a text
    /// message of up to six parts (918 GSM characters); operators join more parts unreliably and bill each one, so
    /// six it is: in UCS-2, which every Persian text needs, six parts hold 402 characters (6 × 67).
    /// </summary>
    public const int MaxResolutionSegments = 6;

    /// <summary>
    /// The most segments the SMS that links to a longer answer takes: room for the link (the deployment's status page
    /// with the code, at most <see cref="MaxStatusPageLength"/> + 16 characters) and the answer's first words.
    /// </summary>
    public const int MaxResolutionLinkSegments = 3;

    /// <summary>
    /// The item was resolved: the agency's whole answer when the SMS holds it in <see cref="MaxResolutionSegments"/>
    /// segments; a longer answer is begun and ends at a link that opens this item's status page, answer first
    /// (<paramref name="itemStatusPage"/>, <see cref="PublicPages.StatusOf"/>), in <see cref="MaxResolutionLinkSegments"/>.
    /// </summary>
    public static string Resolved(TrackingCode trackingCode, string agencyReply, DateTimeOffset at, Uri itemStatusPage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agencyReply);
        ArgumentNullException.ThrowIfNull(itemStatusPage);
        if (!itemStatusPage.IsAbsoluteUri || (itemStatusPage.Scheme != Uri.UriSchemeHttps && itemStatusPage.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException("The status page must be an absolute http(s) address.", nameof(itemStatusPage));
        var heading = StatusHeading(trackingCode, NotifiedStatus.Resolved, at);
        var reply = SmsText.Tidy(agencyReply);
        var whole = $"{heading}\nپاسخ دستگاه: {reply}";
        if (SmsSegments.FitsIn(whole, MaxResolutionSegments))
            return whole;
        var page = itemStatusPage.AbsoluteUri;
        return SmsText.FitSlot(start => $"{heading}\nپاسخ دستگاه: {start}\nمتن کامل: {page}", reply, MaxResolutionLinkSegments);
    }

    /// <summary>
    /// After a resolution: was it fixed? A rating 1–5 or «حل نشد» (the agency workflow reads the
    /// reply), and how to stop surveys. Within <see cref="MaxSegments"/>.
    /// </summary>
    public static string ResolutionSurvey(TrackingCode trackingCode) =>
        $"پیام {ShownCode(trackingCode)}: مشکل شما حل شد؟ لطفاً از ۱ (حل نشد) تا ۵ (کاملاً حل شد) بفرستید یا بنویسید «حل نشد». {OptOutHint}";

    /// <summary>
    /// A clerk asks the citizen something about the item (an address, a meter number); the reply goes back to the case.
    /// The question goes whole: the 200 characters the workflow allows fit in <see cref="MaxResolutionSegments"/>.
    /// </summary>
    public static string Question(TrackingCode trackingCode, string question) =>
        SmsText.FitSlot(text => $"پرسش دستگاه درباره پیام {ShownCode(trackingCode)}:\n{text}\nلطفاً پاسخ را در همین‌جا بفرستید.", SmsText.Tidy(question), MaxResolutionSegments);

    private static string StatusHeading(TrackingCode trackingCode, NotifiedStatus status, DateTimeOffset at) =>
        $"پیام شما با کد پیگیری {ShownCode(trackingCode)}\nوضعیت: {StatusText(status)} ({TehranTime.JalaliDate(at)})";

    /// <summary>Staff moved the item to another agency: which one has it now, and since when.</summary>
    public static string Reassigned(TrackingCode trackingCode, string agencyName, DateTimeOffset at)
    {
        var heading = $"پیام شما با کد پیگیری {ShownCode(trackingCode)}";
        return SmsText.FitSlot(agency => $"{heading}\nبرای رسیدگی به {agency} سپرده شد ({TehranTime.JalaliDate(at)}).", NameFromData(agencyName, nameof(agencyName)), MaxSegments);
    }

    /// <summary>Opting out stops survey invitations only, and says so: answers about the citizen's own feedback still go out.</summary>
    public static string OptOutConfirmed() =>
        "شهروند گرامی، پیامک نظرسنجی دیگر ارسال نمی‌شود؛ پاسخ و وضعیت پیام‌های خودتان همچنان می‌رسد. برای نظرسنجی دوباره «عضویت» را بفرستید.";

    public static string OptInConfirmed() =>
        $"شهروند گرامی، پیامک نظرسنجی دوباره برای شما ارسال می‌شود. برای انصراف، «{OptOutHint}» را بفرستید.";

    /// <summary>The status as the citizen reads it.</summary>
    public static string StatusText(NotifiedStatus status) => status switch
    {
        NotifiedStatus.Acknowledged => "رؤیت شد",
        NotifiedStatus.InProgress => "در حال بررسی",
        NotifiedStatus.Resolved => "رسیدگی شد",
        NotifiedStatus.Rejected => "پذیرفته نشد",
        NotifiedStatus.Reassigned => "به دستگاه دیگری سپرده شد",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a status citizens are told about."),
    };

    private static string ShownCode(TrackingCode trackingCode)
    {
        ArgumentNullException.ThrowIfNull(trackingCode);
        return TehranTime.PersianDigits(trackingCode.Value);
    }

    private static string NameFromData(string name, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, parameterName);
        return TehranTime.PersianDigits(SmsText.Tidy(name));
    }
}

/// <summary>Fitting variable text into an SMS of bounded length: whitespace tidied, long text shortened at a word with «…».</summary>
internal static class SmsText
{
    public const char Ellipsis = '…';

    /// <summary>The text trimmed, with every run of whitespace (newlines included) made one space.</summary>
    public static string Tidy(string text)
    {
        var tidy = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace)
                tidy.Append(' ');
            tidy.Append(c);
            pendingSpace = false;
        }
        return tidy.ToString();
    }

    /// <summary>
    /// <paramref name="compose"/>(<paramref name="value"/>) when that fits in <paramref name="maxSegments"/>;
    /// otherwise <paramref name="compose"/> with the value shortened as little as makes it fit.
    /// </summary>
    public static string FitSlot(Func<string, string> compose, string value, int maxSegments)
    {
        var whole = compose(value);
        if (SmsSegments.FitsIn(whole, maxSegments))
            return whole;

        var skeleton = compose(string.Empty);
        var budget = SmsSegments.Capacity(SmsSegments.EncodingOf(whole), maxSegments) - skeleton.Length;
        for (; budget > 0; budget--)
        {
            var fitted = compose(Shorten(value, budget));
            if (SmsSegments.FitsIn(fitted, maxSegments))
                return fitted;
        }
        throw new InvalidOperationException("The message leaves no room for its variable text.");
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxLength"/> UTF-16 code units including a closing «…»,
    /// after the last whole word that fits; inside a word only when the first word alone is too long, and then
    /// never inside a surrogate pair.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text;
        if (maxLength <= 1)
            return maxLength == 1 ? Ellipsis.ToString() : string.Empty;

        var room = maxLength - 1;
        if (char.IsLowSurrogate(text[room]))
            room--;

        var lastSpace = text.LastIndexOf(' ', room);
        var cut = lastSpace > 0 ? lastSpace : room;

        var kept = text.AsSpan(0, cut).TrimEnd();
        while (kept.Length > 0 && IsDanglingEnd(kept[^1]))
            kept = kept[..^1].TrimEnd();
        return string.Concat(kept, Ellipsis.ToString());
    }

    // Punctuation before «…» reads as a stutter, and a joiner or mark left at the end belongs to a cut word.
    private static bool IsDanglingEnd(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.OtherPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark;
}

/// <summary>How an SMS's text travels: GSM 7-bit when every character is in the GSM alphabet, otherwise UCS-2.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <summary>
/// How many segments (billed parts) an SMS takes, counted the way operators and Kavenegar count them.
/// UCS-2 (any Persian text): 70 UTF-16 code units in a single message, 67 per part of a longer one, so two
/// segments hold 134. GSM 7-bit: 160 septets single, 153 per part; a character of the GSM extension table
/// (€ [ ] { } ^ ~ | \ and form feed) is an escape plus a septet, so it counts 2.
/// </summary>
/// <remarks>
/// A part never ends between the two halves of a surrogate pair (UCS-2) or between an escape and its
/// character (GSM 7-bit): senders move the pair whole to the next part, which can cost a segment earlier
/// than dividing the length by the part size suggests. Counting that way is never lower than the bill.
/// </remarks>
public static class SmsSegments
{
    public const int Gsm7SingleLength = 160;
    public const int Gsm7PartLength = 153;
    public const int Ucs2SingleLength = 70;
    public const int Ucs2PartLength = 67;

    // GSM 03.38 default alphabet, without the escape that introduces the extension table.
    private static readonly SearchValues<char> Gsm7Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    private static readonly SearchValues<char> Gsm7Extension = SearchValues.Create("\f^{}\\[~]|€");

    public static SmsEncoding EncodingOf(string text)
    {
        foreach (var c in text)
        {
            if (!Gsm7Basic.Contains(c) && !Gsm7Extension.Contains(c))
                return SmsEncoding.Ucs2;
        }
        return SmsEncoding.Gsm7;
    }

    /// <summary>The number of segments <paramref name="text"/> is sent and billed as; an empty text is still one message.</summary>
    public static int Count(string text) =>
        EncodingOf(text) == SmsEncoding.Gsm7
            ? Count(text, Gsm7SingleLength, Gsm7PartLength, static c => Gsm7Extension.Contains(c) ? 2 : 1, static _ => false)
            : Count(text, Ucs2SingleLength, Ucs2PartLength, static _ => 1, char.IsHighSurrogate);

    public static bool FitsIn(string text, int maxSegments) => Count(text) <= maxSegments;

    /// <summary>
    /// The most units (UTF-16 code units or septets) <paramref name="segments"/> segments hold. A text that long can
    /// still need one more segment when a part boundary falls inside a pair; <see cref="FitsIn"/> is the authority.
    /// </summary>
    public static int Capacity(SmsEncoding encoding, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        return (encoding, segments) switch
        {
            (SmsEncoding.Gsm7, 1) => Gsm7SingleLength,
            (SmsEncoding.Gsm7, _) => segments * Gsm7PartLength,
            (_, 1) => Ucs2SingleLength,
            _ => segments * Ucs2PartLength,
        };
    }

    private static int Count(string text, int singleLength, int partLength, Func<char, int> unitsOf, Func<char, bool> startsPair)
    {
        var total = 0;
        foreach (var c in text)
            total += unitsOf(c);
        if (total <= singleLength)
            return 1;

        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var units = unitsOf(text[i]);
            if (startsPair(text[i]) && i + 1 < text.Length)
            {
                i++;
                units++;
            }
            if (used + units > partLength)
            {
                parts++;
                used = 0;
            }
            used += units;
        }
        return parts;
    }
}

/// <summary>The deployment's public address, for links in SMS.</summary>
public sealed record PublicPages(Uri BaseAddress)
{
    /// <summary>The tracking-code look-up page.</summary>
    public Uri StatusPage => new(BaseAddress, "status");

    /// <summary>The status page opened at one item (<c>/status?code=…</c>): the page looks the code up at once and shows the agency's answer first.</summary>
    public Uri StatusOf(TrackingCode trackingCode)
    {
        ArgumentNullException.ThrowIfNull(trackingCode);
        return new(BaseAddress, $"status?code={trackingCode.Value}");
    }

    /// <summary>
    /// The link the acknowledgement carries: the item's own status page (<see cref="StatusOf"/>) when that address fits
    /// beside the tracking code in the SMS (<see cref="SmsTemplates.MaxStatusPageLength"/>), else the plain status page.
    /// </summary>
    public Uri AcknowledgementLink(TrackingCode code)
    {
        var own = StatusOf(code);
        return own.AbsoluteUri.Length <= SmsTemplates.MaxStatusPageLength ? own : StatusPage;
    }
}
