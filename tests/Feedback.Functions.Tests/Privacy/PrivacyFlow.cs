using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Clients;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Functions.Telemetry;
using Feedback.Functions.Tests.Hostile;
using Feedback.Kavenegar.StandIn;
using Feedback.Storage.Clients;
using Feedback.Storage.Tables;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Feedback.Functions.Tests.Privacy;

/// <summary>Everything the privacy scans read, from one run of <see cref="PrivacyFlow"/>.</summary>
/// <param name="Tracing">Which activity sources the app's tracing subscribes to, of those asked about; null when the app builds no tracer provider.</param>
public sealed record PrivacyRecord(
    SensitiveValues Sensitive,
    string KavenegarApiKey,
    IReadOnlyList<CapturedLog> Logs,
    IReadOnlyList<CapturedActivity> Activities,
    IReadOnlyList<StoredRow> Rows,
    IReadOnlyDictionary<string, bool>? Tracing);

/// <summary>
/// A realistic day of the pipeline through the running app, with Kavenegar's stand-in: web feedback with a phone, an SMS
/// forwarded as a GET query, a counter office's batch, a completed service with its survey and the citizen's reply, an
/// opt-out, delivery reports by GET and POST, a status look-up and a delivery-status poll. Every log entry (Trace and up,
/// whatever the app's configuration), every activity of every source and, at the end, every stored row are kept. Run once
/// per test class, whichever test asks first.
/// </summary>
public sealed class PrivacyFlow : IDisposable
{
    /// <summary>12:00 in Tehran: no quiet hours in the way.</summary>
    private static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim gate = new(1, 1);
    private PrivacyRecord? record;

    public async Task<PrivacyRecord> RunOnceAsync(Azurite azurite)
    {
        await gate.WaitAsync();
        try
        {
            return record ??= await RunAsync(azurite);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private static async Task<PrivacyRecord> RunAsync(Azurite azurite)
    {
        var logs = new CapturingLoggerProvider();
        var clock = new ManualClock(TehranNoon);
        await using var kavenegar = await KavenegarStandIn.StartAsync("kv" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        var deliverySecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        var (counterKey, counterKeyHash) = ApiKeys.Create();
        using var factory = new FeedbackAppFactory { Clock = clock };
        factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        factory.Settings["Feedback:Kavenegar:ApiKey"] = kavenegar.ApiKey;
        factory.Settings["Feedback:Kavenegar:BaseAddress"] = kavenegar.BaseAddress.AbsoluteUri;
        factory.Settings["Feedback:SmsDeliverySecret"] = deliverySecret;
        // Tracing is built only with an exporter's endpoint: one where nothing listens (the discard port) makes the app
        // trace exactly as deployed, its exports refused at once.
        factory.Settings[TelemetryExport.EndpointSetting] = "http://127.0.0.1:9";
        var inboundSecret = factory.Settings["Feedback:SmsInboundSecret"]!;

        var sensitive = new SensitiveValues();
        sensitive.AddSecret("Kavenegar API key", kavenegar.ApiKey);
        sensitive.AddSecret("counter office API key", counterKey);
        sensitive.AddSecret("inbound SMS secret", inboundSecret);
        sensitive.AddSecret("delivery report secret", deliverySecret);
        sensitive.AddSecret("phone encryption key", factory.Settings["Feedback:PhoneEncryptionKey"]!);
        sensitive.AddSecret("phone lookup key", factory.Settings["Feedback:PhoneLookupKey"]!);
        Citizens.Watch(sensitive);

        using var activities = new CapturingActivityListener();
        IReadOnlyList<StoredRow> rows;
        IReadOnlyDictionary<string, bool>? tracing;
        using (var app = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logs.AddTo(logging, LogLevel.Trace))))
        {
            using var client = app.CreateClient();
            var services = app.Services;
            await PrepareAsync(services, counterKeyHash);
            var journey = new Journey(client, kavenegar, inboundSecret, deliverySecret, counterKey, clock, services);
            await journey.WalkAsync();
            rows = await ReadEveryRowAsync(services.GetRequiredService<TableServiceClient>());
            tracing = TracedSources(services, PrivacyScanTests.HttpClientSource, PrivacyScanTests.AspNetCoreSource);
        }
        // The app is stopped: whatever it was still logging is in.
        return new PrivacyRecord(sensitive, kavenegar.ApiKey, logs.Entries, activities.Activities, rows, tracing);
    }

    private static async Task PrepareAsync(IServiceProvider services, string counterKeyHash)
    {
        var tables = services.GetRequiredService<TableServiceClient>();
        foreach (var table in AppTables.Names)
            await tables.CreateTableIfNotExistsAsync(table, CancellationToken.None);
        await services.GetRequiredService<TableApiKeyStore>().EnsureTableAsync(CancellationToken.None);
        await services.GetRequiredService<IApiKeyStore>().SaveAsync(counterKeyHash, new ApiClient(counterKeyHash[..12], "دفتر پیشخوان ۲۱۴ زنجان", "zanjan", DateTimeOffset.UtcNow, false), CancellationToken.None);
    }

    private static async Task<IReadOnlyList<StoredRow>> ReadEveryRowAsync(TableServiceClient tables)
    {
        var rows = new List<StoredRow>();
        foreach (var table in AppTables.Names)
        {
            await foreach (var entity in tables.GetTableClient(table).QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
                rows.Add(StoredRow.Of(table, entity));
        }
        return rows;
    }

    /// <summary>
    /// Whether the app's OpenTelemetry tracer provider subscribes to each of <paramref name="sources"/>, asked of the
    /// activity listener it registers (the SDK keeps it in a private field); null when the app builds no tracer provider.
    /// </summary>
    private static Dictionary<string, bool>? TracedSources(IServiceProvider services, params string[] sources)
    {
        if (services.GetService<TracerProvider>() is not { } provider)
            return null;
        var listener = Hierarchy(provider.GetType())
            .SelectMany(type => type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(field => field.FieldType == typeof(ActivityListener))
            .Select(field => field.GetValue(provider) as ActivityListener)
            .FirstOrDefault(found => found is not null)
            ?? throw new InvalidOperationException($"{provider.GetType().FullName} holds no ActivityListener: the check of what it traces needs updating for this OpenTelemetry version");
        return sources.ToDictionary(source => source, source =>
        {
            using var probe = new ActivitySource(source);
            return listener.ShouldListenTo?.Invoke(probe) ?? false;
        });
    }

    private static IEnumerable<Type> Hierarchy(Type type)
    {
        for (Type? current = type; current is not null; current = current.BaseType)
            yield return current;
    }

    /// <summary>The citizens of the flow: their phones, each in the form their channel writes it, and what they say.</summary>
    private static class Citizens
    {
        public const string WebPhone = "+98 935 777 1101";
        public const string SmsPhone = "989357771102";
        public const string CounterPhone = "۰۹۳۵ ۷۷۷ ۱۱۰۳";
        public const string SurveyPhone = "09357771104";
        public const string SurveyReplyPhone = "+989357771104";
        public const string OptOutPhone = "00989357771105";
        public const string OptOutNational = "09357771105";

        public const string WebText = "لوله آب کوچه شقایق سه روز است که ترکیده و هنوز کسی نیامده";
        public const string SmsText = "چراغ های خیابان باغ ملی از هفته پیش خاموش مانده است";
        public const string CounterText = "ارباب رجوع از معطلی طولانی در صف پرداخت قبض برق شکایت دارد";
        public const string SurveyReplyText = "کارمند باجه شماره سه بسیار بی حوصله برخورد کرد";

        // Personal data typed into a message (issue 19, point 6): masked in every table, the original kept sealed.
        public const string TypedPhone = "۰۹۳۵ ۷۷۷ ۱۱۰۶";
        public const string TypedNationalId = "0012345679";
        public const string TypedCard = "6037-9912-3456-7893";
        public const string PersonalText = $"آب ساختمان ما قطع است لطفا با شماره {TypedPhone} تماس بگیرید، کد ملی {TypedNationalId} و کارت {TypedCard}";

        /// <summary>Makes <paramref name="sensitive"/> look for every phone and text of the flow.</summary>
        public static void Watch(SensitiveValues sensitive)
        {
            foreach (var phone in (string[])[WebPhone, SmsPhone, CounterPhone, SurveyPhone, SurveyReplyPhone, OptOutPhone, OptOutNational, TypedPhone])
                sensitive.AddPhone(phone);
            sensitive.AddSecret("national ID typed in a message", TypedNationalId);
            sensitive.AddSecret("national ID typed in a message, in Persian digits", "۰۰۱۲۳۴۵۶۷۹");
            sensitive.AddSecret("card number typed in a message", TypedCard);
            sensitive.AddSecret("card number typed in a message, its digits", "6037991234567893");
            sensitive.AddText("the web feedback", WebText);
            sensitive.AddText("the forwarded SMS", SmsText);
            sensitive.AddText("the counter office's item", CounterText);
            sensitive.AddText("the survey reply", SurveyReplyText);
        }
    }

    /// <summary>The flow's requests, each checked for the answer the app is meant to give, and the waits for what follows them.</summary>
    private sealed class Journey(HttpClient client, KavenegarStandIn kavenegar, string inboundSecret, string deliverySecret, string counterKey, ManualClock clock, IServiceProvider services)
    {
        public async Task WalkAsync()
        {
            var webCode = await PostJsonAsync("/api/feedback", new { text = Citizens.WebText, phone = Citizens.WebPhone, province = "zanjan" }, null, HttpStatusCode.Accepted);
            var personalCode = await PostJsonAsync("/api/feedback", new { text = Citizens.PersonalText, province = "zanjan" }, null, HttpStatusCode.Accepted);
            await GetAsync($"/api/sms/inbound/{inboundSecret}?messageid=771102&from={Uri.EscapeDataString(Citizens.SmsPhone)}&to=10004346&message={Uri.EscapeDataString(Citizens.SmsText)}", HttpStatusCode.OK);
            await PostJsonAsync("/api/counter/feedback", new { items = new[] { new { text = Citizens.CounterText, phone = Citizens.CounterPhone, county = "abhar" } } }, counterKey, HttpStatusCode.OK);
            await PostJsonAsync("/api/services/completed", new { phone = Citizens.SurveyPhone, serviceCode = "passport", serviceName = "صدور گذرنامه", agency = "zanjan-police" }, counterKey, HttpStatusCode.Accepted);
            await WaitForSmsAsync(Citizens.SurveyPhone, "survey invitation");
            await PostFormAsync($"/api/sms/inbound/{inboundSecret}", new() { ["messageid"] = "771104", ["from"] = Citizens.SurveyReplyPhone, ["to"] = "10004346", ["message"] = "۲ " + Citizens.SurveyReplyText }, HttpStatusCode.OK);
            await PostFormAsync($"/api/sms/inbound/{inboundSecret}", new() { ["messageid"] = "771105", ["from"] = Citizens.OptOutPhone, ["to"] = "10004346", ["message"] = "لغو ۱۱" }, HttpStatusCode.OK);

            var webAcknowledgement = await WaitForSmsAsync(Citizens.WebPhone, "acknowledgement of the web feedback");
            var smsAcknowledgement = await WaitForSmsAsync(Citizens.SmsPhone, "acknowledgement of the SMS");
            await WaitForSmsAsync(Citizens.CounterPhone, "acknowledgement of the counter item");
            await WaitForSmsAsync(Citizens.SurveyPhone, "acknowledgement of the survey reply", count: 2);
            await WaitForSmsAsync(Citizens.OptOutNational, "opt-out confirmation");

            await GetAsync($"/api/sms/delivery/{deliverySecret}?messageid={webAcknowledgement.MessageId}&status=10", HttpStatusCode.OK);
            await PostFormAsync($"/api/sms/delivery/{deliverySecret}", new() { ["messageid"] = smsAcknowledgement.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["status"] = "14" }, HttpStatusCode.OK);
            await GetAsync($"/api/feedback/{webCode}", HttpStatusCode.OK);
            // Ten minutes on, the SMS without a delivery report are polled from Kavenegar (its API key is in that URL's path).
            clock.Now += TimeSpan.FromMinutes(15);
            using var poll = new StringContent("{\"Data\":{\"timer\":{\"IsPastDue\":false}},\"Metadata\":{}}", Encoding.UTF8, "application/json");
            using var polled = await client.PostAsync(new Uri("/PollSmsStatus", UriKind.Relative), poll);
            Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
            await WaitForRoutedAsync(webCode);
            await WaitForRoutedAsync(personalCode);
        }

        private async Task<string?> PostJsonAsync(string path, object body, string? apiKey, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
            if (apiKey is not null)
                request.Headers.Add("X-Api-Key", apiKey);
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"POST {path}: {response.StatusCode} {answer}");
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.TryGetProperty("trackingCode", out var code) ? code.GetString() : null;
        }

        private async Task PostFormAsync(string path, Dictionary<string, string> fields, HttpStatusCode expected)
        {
            using var form = new FormUrlEncodedContent(fields);
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), form);
            Assert.True(response.StatusCode == expected, $"POST {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        private async Task GetAsync(string pathAndQuery, HttpStatusCode expected)
        {
            using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
            Assert.True(response.StatusCode == expected, $"GET {pathAndQuery}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        private async Task<StandInMessage> WaitForSmsAsync(string phone, string what, int count = 1)
        {
            var receptor = IranianMobile.Parse(phone).Mobile!.NationalForm;
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (DateTimeOffset.UtcNow < deadline)
            {
                var sent = kavenegar.Messages.Where(message => IranianMobile.Parse(message.Receptor).Mobile?.NationalForm == receptor).ToArray();
                if (sent.Length >= count)
                    return sent[^1];
                await Task.Delay(200);
            }
            throw new TimeoutException($"no {what} reached Kavenegar's stand-in within {Patience.TotalSeconds} s");
        }

        private async Task WaitForRoutedAsync(string? code)
        {
            ArgumentNullException.ThrowIfNull(code);
            var store = services.GetRequiredService<IFeedbackStore>();
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (DateTimeOffset.UtcNow < deadline)
            {
                if (await store.GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None) is { Status: not FeedbackStatus.Received })
                    return;
                await Task.Delay(200);
            }
            throw new TimeoutException($"{code} was not processed within {Patience.TotalSeconds} s");
        }
    }
}
