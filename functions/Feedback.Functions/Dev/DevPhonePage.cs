using System.Globalization;
using System.Net;
using System.Text;
using Feedback.Core.Input;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Time;
using Feedback.Functions.Access;
using Feedback.Functions.Configuration;
using Feedback.Functions.Http;
using Feedback.Functions.Intake;
using Feedback.Storage.Notifications;
using Microsoft.Extensions.Options;

namespace Feedback.Functions.Dev;

/// <summary>
/// /dev/phone, for a local run without Kavenegar: the SMS the pipeline sent to any number (the developer outbox),
/// and a box to reply as that number, handled exactly as an SMS Kavenegar forwards. Mapped only in Local mode.
/// </summary>
internal static class DevPhonePage
{
    public const string Path = "/dev/phone";

    /// <summary>The line the developer's replies are addressed to, as Kavenegar names the receiving line.</summary>
    private const string DevLine = "dev-phone";

    public static void MapDevPhone(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, ShowAsync).WithMetadata(new HostFunction("Pages"));
        endpoints.MapPost(Path, ReplyAsync).WithMetadata(new HostFunction("Pages")).DisableAntiforgery();
    }

    private static async Task<IResult> ShowAsync(string? number, string? note, IOptions<PipelineSettings> settings, TableOutboxGateway outbox, PhoneProtector phones, CancellationToken cancellationToken)
    {
        var phone = IranianMobile.Parse(number).Mobile;
        var sent = phone is null ? [] : await outbox.ListAsync(phones.LookupHash(phone), cancellationToken);
        return Results.Content(Render(number, phone, sent, note, string.IsNullOrWhiteSpace(settings.Value.Kavenegar.ApiKey)), "text/html; charset=utf-8");
    }

    private static async Task<IResult> ReplyAsync(HttpRequest request, IOptions<PipelineSettings> settings, InboundSmsFlow flow, CancellationToken cancellationToken)
    {
        if (SameOriginGuard.ForeignPage(request, settings.Value.PublicBaseUrl) is { } foreign)
            return Problems.Status(StatusCodes.Status403Forbidden, "Cross-site request refused", foreign);
        var (form, unreadable) = await RequestBody.ReadFormAsync(request, SmsInbound.MaxFormBytes, maxValues: 8, cancellationToken);
        if (form is null)
            return unreadable!;
        var number = form["number"].ToString();
        var sms = new SmsInbound(Guid.NewGuid().ToString("N"), number, DevLine, form["message"].ToString());
        var note = await flow.HandleAsync(sms, cancellationToken) switch
        {
            InboundSmsOutcome.Command { Kind: SmsCommand.OptOut, Changed: true } => "شماره از نظرسنجی‌ها خارج شد.",
            InboundSmsOutcome.Command { Kind: SmsCommand.OptIn, Changed: true } => "شماره دوباره عضو نظرسنجی‌ها شد.",
            InboundSmsOutcome.Command => "فرمان تغییری نداد.",
            InboundSmsOutcome.Accepted accepted => $"ثبت شد با کد پیگیری {accepted.Receipt.Code.Value}؛ پاسخ به پرسش یا نظرسنجی یک پرونده، در پردازش به همان پرونده افزوده می‌شود.",
            var invalid => "پیام پذیرفته نشد: " + string.Join("؛ ", ((InboundSmsOutcome.Invalid)invalid).Errors.Select(error => $"{error.Key}: {string.Join(", ", error.Value)}")),
        };
        return Results.Redirect($"{Path}?number={Uri.EscapeDataString(number)}&note={Uri.EscapeDataString(note)}", permanent: false, preserveMethod: false);
    }

    private static string Render(string? number, IranianMobile? phone, IReadOnlyList<(string Text, DateTimeOffset SentAt)> sent, string? note, bool outboxInUse)
    {
        static string Html(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
        var page = new StringBuilder($"""
            <!doctype html>
            <html lang="fa" dir="rtl">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>گوشی آزمایشی توسعه‌دهنده</title>
                <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
            <main id="main">
                <h1>گوشی آزمایشی توسعه‌دهنده</h1>
                <p>پیامک‌هایی که سامانه در اجرای محلی برای هر شماره فرستاده است{(outboxInUse ? "" : " (کلید کاوه‌نگار تنظیم شده است: پیامک‌ها به کاوه‌نگار می‌روند و اینجا نمی‌آیند)")}، و پاسخ دادن به جای آن شماره.</p>
                <form class="card" action="{Path}" method="get">
                    <div class="field">
                        <label for="number">شماره همراه</label>
                        <input id="number" name="number" type="tel" dir="ltr" value="{Html(number)}" required>
                    </div>
                    <button type="submit">نمایش پیامک‌ها</button>
                </form>
            """);
        if (note is not null)
            page.Append(CultureInfo.InvariantCulture, $"""<p class="card" role="status">{Html(note)}</p>""");
        if (number is not null && phone is null)
            page.Append("""<p class="card" role="alert">این شماره همراه ایرانی نیست.</p>""");
        if (phone is not null)
        {
            page.Append(CultureInfo.InvariantCulture, $"""<section class="card" aria-labelledby="inbox"><h2 id="inbox">پیامک‌های {Html(phone.NationalForm)}</h2>""");
            if (sent.Count == 0)
                page.Append("<p>هنوز پیامکی فرستاده نشده است.</p>");
            page.Append("<ol reversed>");
            foreach (var (text, sentAt) in sent)
                page.Append(CultureInfo.InvariantCulture, $"""<li><p class="sms">{Html(text).Replace("\n", "<br>", StringComparison.Ordinal)}</p><p><time datetime="{sentAt.UtcDateTime:O}">{Html(TehranTime.JalaliDateTime(sentAt))}</time></p></li>""");
            page.Append("</ol></section>");
            page.Append(CultureInfo.InvariantCulture, $"""
                <form class="card" action="{Path}" method="post">
                    <input type="hidden" name="number" value="{Html(phone.NationalForm)}">
                    <div class="field">
                        <label for="message">پاسخ به جای این شماره</label>
                        <textarea id="message" name="message" rows="3" required></textarea>
                    </div>
                    <button type="submit">ارسال پیامک</button>
                </form>
                """);
        }
        return page.Append("</main></body></html>").ToString();
    }
}
