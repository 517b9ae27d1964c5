using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Feedback.Core.Items;

namespace Feedback.Cli.Report;

/// <summary>
/// The report's security checks (issue 19), each against the running app process as an outside client would send
/// it, with counts, and the hostile-input suite (<see cref="HostileSuite"/>).
/// </summary>
internal sealed class SecurityProbe(HttpClient http, LocalPipeline pipeline)
{
    private const int Lookups = 60;

    // Typed into message texts (never into a phone field): each must be masked before anything is written down.
    private static readonly string[] TypedPhones = ["09357771201", "09357771202", "09357771203"];
    private const string TypedNationalId = "0012345679";
    private const string TypedCard = "6037991234567893";

    public async Task<List<Check>> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<Check>
        {
            await SpoofedForwardingAsync(cancellationToken),
            await ForgedPrincipalAsync(cancellationToken),
            await SlowBodyAsync(cancellationToken),
            await ChunkedFormAsync(cancellationToken),
        };
        checks.AddRange(await PrivacyGrepAsync(cancellationToken));
        checks.AddRange(await HostileSuite.RunAsync(pipeline.Paths, pipeline.WorkDirectory, cancellationToken));
        return checks;
    }

    private async Task<Check> SpoofedForwardingAsync(CancellationToken cancellationToken)
    {
        var statuses = new List<int>();
        for (var index = 0; index < Lookups; index++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feedback/{TrackingCode.NewCode().Value}");
            request.Headers.Add("X-Forwarded-For", $"203.0.{index / 250}.{index % 250 + 1}");
            using var response = await http.SendAsync(request, cancellationToken);
            statuses.Add((int)response.StatusCode);
        }
        var found = statuses.Count(status => status == 404);
        var limited = statuses.Count(status => status == 429);
        return new Check("spoofed X-Forwarded-For gets no fresh budget", found <= 30 && limited == Lookups - found,
            $"{Lookups} random well-formed codes, each with another X-Forwarded-For: {found} × 404, {limited} × 429 (budget 30 unknown codes an hour per client), {statuses.Count(status => status >= 500)} × 5xx");
    }

    private async Task<Check> ForgedPrincipalAsync(CancellationToken cancellationToken)
    {
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"auth_typ":"aad","claims":[{"typ":"oid","val":"{{Guid.NewGuid()}}"}]}"""));
        var answers = new List<int>();
        foreach (var path in (string[])["/api/staff/me", "/api/inbox?province=zanjan&agency=zanjan-water-wastewater", "/api/trends?province=zanjan"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL", principal);
            using var response = await http.SendAsync(request, cancellationToken);
            answers.Add((int)response.StatusCode);
        }
        return new Check("a forged X-MS-CLIENT-PRINCIPAL names nobody", answers.All(status => status == 401), $"3 staff endpoints with a forged principal: {string.Join(", ", answers)}");
    }

    private async Task<Check> SlowBodyAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(pipeline.AppAddress.Host, pipeline.AppAddress.Port, cancellationToken);
        var stream = client.GetStream();
        var head = $"POST /api/feedback HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{{\"text\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        // Kestrel's minimum body rate is 240 bytes/s after a 5 s grace period: 10 bytes in 12 s is far below it.
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var statusLine = await reader.ReadLineAsync(timeout.Token) ?? "";
        var status = statusLine.Split(' ') is [_, var code, ..] ? code : "none";
        return new Check("a stalled body is a 408, not a 5xx", status == "408", $"POST /api/feedback announcing 4,096 bytes, 10 sent: answered {statusLine}");
    }

    private async Task<Check> ChunkedFormAsync(CancellationToken cancellationToken)
    {
        var fields = string.Join('&', Enumerable.Range(0, 30).Select(index => $"f{index}={new string('a', 14 * 1024)}"));
        using var content = new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes(fields)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sms/inbound?secret={Uri.EscapeDataString(pipeline.SmsInboundSecret)}") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request, cancellationToken);
        return new Check("a chunked 420 KB form is refused", response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{fields.Length:N0} bytes chunked to the SMS endpoint: {(int)response.StatusCode}");
    }

    private async Task<List<Check>> PrivacyGrepAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var (phone, index) in TypedPhones.Select((phone, index) => (phone, index)))
        {
            var text = $"آب ساختمان ما قطع است، با {Script(phone, index)} تماس بگیرید، کد ملی {Script(TypedNationalId, index)} کارت {Script(TypedCard, index)}";
            using var response = await http.PostAsJsonAsync("/api/feedback", new { text, province = "zanjan" }, cancellationToken);
            sent += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            var form = new Dictionary<string, string> { ["messageid"] = $"sec-{Guid.NewGuid():N}", ["from"] = "09357770999", ["to"] = "10004346", ["message"] = text };
            using var sms = await http.PostAsync(new Uri($"/api/sms/inbound?secret={Uri.EscapeDataString(pipeline.SmsInboundSecret)}", UriKind.Relative), new FormUrlEncodedContent(form), cancellationToken);
            sent += sms.IsSuccessStatusCode ? 1 : 0;
        }
        // Processing routes the items and writes the inbox and trend rows; Azurite's table store saves to disk every 5 s.
        await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);

        var needles = TypedPhones.Append(TypedNationalId).Append(TypedCard)
            .SelectMany(number => new[] { number, Script(number, 1), Script(number, 2) })
            .ToArray();
        var files = Directory.EnumerateFiles(pipeline.WorkDirectory, "*", SearchOption.AllDirectories).ToArray();
        const string Control = "آب ساختمان ما قطع است";
        var hits = 0;
        var controls = 0;
        var bytes = 0L;
        foreach (var file in files)
        {
            string content;
            try
            {
                content = await File.ReadAllTextAsync(file, cancellationToken);
            }
            catch (IOException)
            {
                continue;
            }
            bytes += content.Length;
            hits += needles.Sum(needle => Occurrences(content, needle) + Occurrences(content, Uri.EscapeDataString(needle)));
            controls += Occurrences(content, Control);
        }
        return
        [
            new Check("the messages with typed personal data were accepted", sent == TypedPhones.Length * 2, $"{sent} of {TypedPhones.Length * 2} (web form and SMS)"),
            new Check("the search reads the stored Persian text (control)", controls > 0, $"the messages' first words, stored in clear as the feedback they are: found {controls} times"),
            new Check("no typed phone, national ID or card number anywhere on disk", hits == 0,
                $"{needles.Length} needles ({TypedPhones.Length} phones, a national ID, a card number, each in ASCII, Persian and Arabic-Indic digits, also URL-encoded) in {files.Length} files ({bytes:N0} characters: every table, queue and blob of Azurite, and the app's log): {hits} found"),
        ];
    }

    /// <summary>The digits in ASCII (0), Persian (1) or Arabic-Indic (2) script.</summary>
    private static string Script(string ascii, int script) => script switch
    {
        1 => string.Concat(ascii.Select(digit => (char)('۰' + (digit - '0')))),
        2 => string.Concat(ascii.Select(digit => (char)('٠' + (digit - '0')))),
        _ => ascii,
    };

    private static int Occurrences(string text, string needle)
    {
        var count = 0;
        for (var at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
