using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Feedback.Core.Agencies;
using Feedback.Core.Clients;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;
using Feedback.Core.Routing;
using Feedback.Functions.Access;
using Feedback.Functions.Intake;
using Feedback.Functions.OpenApi;
using Feedback.Functions.Tests.Agencies;
using Feedback.Functions.Tests.Hostile;
using Feedback.Storage.Clients;
using Feedback.Storage.Connection;
using Feedback.Storage.Notifications;
using Feedback.Storage.Routing;
using Feedback.Storage.Tables;
using Feedback.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Feedback.Functions.Tests.Access;

/// <summary>
/// Who may call what: one row per endpoint × caller × scope (the item, inbox or province named is the caller's own or
/// another's), each sent to the running app (Local mode, a real Azurite) and held to its expected verdict. A refused
/// answer carries none of the items' text and sets no session; a refused write leaves storage as it was. Every endpoint
/// the app maps must have rows, so a new one cannot be added without deciding who may call it.
/// </summary>
[Collection(SecondAzurite.Collection)]
public sealed class AuthorizationMatrixTests(Azurite azurite, OneAppPerClass shared) : EveryEndpointApp(azurite, shared.On(azurite)), IClassFixture<OneAppPerClass>
{
    private const Verdict A = Verdict.Allowed, U = Verdict.Unauthorized, F = Verdict.Forbidden, S = Verdict.SentToSignIn, N = Verdict.NotFound;

    private const string InboxList = "/api/inbox";
    private const string InboxItem = "/api/inbox/items/{trackingCode}";
    private const string InboxAction = "/api/inbox/items/{trackingCode}/{operation}";
    private const string InboxOriginal = "/api/inbox/items/{trackingCode}/original";
    private const string SmsPreview = "/api/inbox/sms-preview";
    private const string CounterFeedback = "/api/counter/feedback";
    private const string ServicesCompleted = "/api/services/completed";
    private const string SmsInbound = "/api/sms/inbound/{secret?}";
    private const string SmsDelivery = "/api/sms/delivery/{secret?}";

    private static readonly IReadOnlyList<Row> Table =
    [
        // Citizens' pages and API, the staff pages' shells, health and the API document: anyone, signed in or not.
        // Unscoped verdicts, in order: anonymous, water staff, electricity staff, zanjan analyst, tehran analyst, national admin.
        .. Unscoped("GET", "/", A, A, A, A, A, A),
        .. Unscoped("GET", "/status", A, A, A, A, A, A),
        .. Unscoped("GET", "/dashboard", A, A, A, A, A, A),
        .. Unscoped("GET", "/scorecard", A, A, A, A, A, A),
        .. Unscoped("GET", "/api/scorecard", A, A, A, A, A, A),
        .. Unscoped("GET", "/api/scorecard/export", A, A, A, A, A, A),
        .. Unscoped("GET", "/api/health", A, A, A, A, A, A),
        .. Unscoped("GET", "/api/health/live", A, A, A, A, A, A),
        .. Unscoped("GET", "/api/health/ready", A, A, A, A, A, A),
        .. Unscoped("GET", ApiDocumentation.DocumentPattern, A, A, A, A, A, A),
        .. Unscoped("POST", "/api/feedback", A, A, A, A, A, A),
        .. Unscoped("GET", "/api/feedback/{trackingCode}", A, A, A, A, A, A),
        .. Unscoped("POST", "/api/staff/sign-out", A, A, A, A, A, A),

        // The local run's sign-in, developer phone and storage request counts: anyone locally, nobody outside Local mode.
        .. Unscoped("GET", StaffPages.SignInPath, A, A, A, A, A, A),
        .. Unscoped("GET", "/api/staff/demo-users", A, A, A, A, A, A),
        .. Unscoped("POST", "/api/staff/sign-in", A, A, A, A, A, A),
        .. Unscoped("GET", "/dev/phone", A, A, A, A, A, A),
        .. Unscoped("POST", "/dev/phone", A, A, A, A, A, A),
        .. Unscoped("GET", "/dev/requests", A, A, A, A, A, A),
        OutsideLocal("GET", StaffPages.SignInPath, N),
        OutsideLocal("GET", "/api/staff/demo-users", N),
        OutsideLocal("POST", "/api/staff/sign-in", N),
        OutsideLocal("GET", "/dev/phone", N),
        OutsideLocal("POST", "/dev/phone", N),
        OutsideLocal("GET", "/dev/requests", N),

        // Any member of staff.
        .. Unscoped("GET", "/api/staff/me", U, A, A, A, A, A),
        .. Unscoped("GET", StaffPages.InboxPath, S, A, A, A, A, A),
        // A role's home (or the safe page it came from); the province picker (other roles are sent to their home).
        .. Unscoped("GET", StaffNavigation.HomePath, S, A, A, A, A, A),
        .. Unscoped("GET", StaffNavigation.ProvincesPath, S, A, A, A, A, A),

        // Staff, by scope. Own/other: the caller's agency or province and another's; the national admin's own is the
        // deployment's province (Zanjan), their other is Tehran, which their role covers too. Tehran has no agencies in
        // this deployment's routing, so an inbox of Tehran is a 400 for whoever may look into Tehran.
        // Scoped verdicts, in order: anonymous, then own and other for water staff, electricity staff, zanjan analyst,
        // tehran analyst and national admin.
        .. Scoped("GET", InboxList, null, U, A, F, A, F, A, F, A, F, A, A),
        .. Scoped("GET", InboxItem, null, U, A, F, A, F, A, F, A, F, A, A),
        .. AgencyAction.Names.SelectMany(operation => Scoped("POST", InboxAction, operation, U, A, F, A, F, F, F, F, F, F, F)),
        // The text with personal data unmasked: the assigned agency's staff only.
        .. Scoped("POST", InboxOriginal, null, U, A, F, A, F, F, F, F, F, F, F),
        // The SMS an action would send: those who may take the action.
        .. Scoped("POST", SmsPreview, null, U, A, F, A, F, F, F, F, F, F, F),
        // The figures: an agency's staff their own agency's (they name it), an analyst their province's, an admin any.
        .. Scoped("GET", "/api/trends", null, U, A, F, A, F, A, F, A, F, A, A),
        .. Scoped("GET", "/api/trends/items", null, U, A, F, A, F, A, F, A, F, A, A),
        .. Scoped("GET", "/api/trends/export", null, U, A, F, A, F, A, F, A, F, A, A),

        // Machine clients: a counter office's or agency system's API key; Kavenegar's secret in the path.
        // Keyed verdicts, in order: no key, a forged key, a valid key, a signed-in national admin without a key.
        .. Keyed("POST", CounterFeedback, U, U, A, U),
        .. Keyed("POST", ServicesCompleted, U, U, A, U),
        // Verdicts with a secret, in order: no secret (neither in the path nor in the query), a forged secret, the valid secret.
        .. WithSecret("GET", SmsInbound, U, U, A),
        .. WithSecret("POST", SmsInbound, U, U, A),
        .. WithSecret("GET", SmsDelivery, U, U, A),
        .. WithSecret("POST", SmsDelivery, U, U, A),
    ];

    private static readonly Dictionary<(string Endpoint, string Caller, string Scope, string Verdict), Row> RowsByName = Table.ToDictionary(row => row.Name);


    /// <summary>Each row as the four parts of its test case's name (xunit shortens a longer argument).</summary>
    public static TheoryData<string, string, string, string> Rows
    {
        get
        {
            var rows = new TheoryData<string, string, string, string>();
            foreach (var (endpoint, caller, scope, verdict) in Table.Select(row => row.Name))
                rows.Add(endpoint, caller, scope, verdict);
            return rows;
        }
    }

    /// <summary>What a caller gets: the endpoint's own answer, or one of the refusals.</summary>
    private enum Verdict
    {
        /// <summary>Let through: 2xx, a redirect elsewhere than the sign-in, or the endpoint's own 400/409/422.</summary>
        Allowed,

        Unauthorized,

        Forbidden,

        /// <summary>A page that sends a visitor who is not signed in to the sign-in.</summary>
        SentToSignIn,

        /// <summary>404: the endpoint does not exist here (outside Local mode), or the path lacks what names it.</summary>
        NotFound,

        /// <summary>Anything else (405, 415, 5xx): not an answer the matrix expects of any row.</summary>
        Unexpected,
    }

    private enum Caller
    {
        Anonymous,
        WaterStaff,
        ElectricityStaff,
        ZanjanAnalyst,
        TehranAnalyst,
        NationalAdmin,
        NoKey,
        ForgedKey,
        ValidKey,
        NoSecret,
        ForgedSecret,
        ValidSecret,
        AnonymousOutsideLocal,
    }

    private enum Scope
    {
        None,
        Own,
        Other,
    }

    /// <summary>What a scoped request names: an item, its agency's inbox and its province.</summary>
    private enum Target
    {
        ZanjanWater,
        ZanjanElectricity,
        Tehran,
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_caller_gets_the_verdict_of_its_row(string endpoint, string caller, string scope, string verdict)
    {
        var expected = RowsByName[(endpoint, caller, scope, verdict)];
        var world = await WorldAsync();
        using var azureApp = expected.Caller == Caller.AnonymousOutsideLocal ? AzureModeApp() : null;
        using var client = azureApp?.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) ?? await ClientAsync(expected.Caller);
        var (request, path) = RequestFor(expected, world);
        var witness = azureApp is null ? WitnessFor(expected, world) : null;
        var before = witness is null ? null : await witness();

        using (request)
        using (var response = await client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            var answered = VerdictOf(response, path);
            Assert.True(answered == expected.Expected, $"{expected.Name}: answered {(int)response.StatusCode} ({answered}): {Excerpt(body)}");

            var after = witness is null ? null : await witness();
            if (answered == Verdict.Allowed)
            {
                // Shows the witnesses and the text check can see a change and an item, so their silence on a refusal means something.
                if (witness is not null && response.IsSuccessStatusCode)
                    Assert.True(before != after, $"{expected.Name}: answered {(int)response.StatusCode} but storage did not change");
                if (expected.Route is InboxItem or InboxList or InboxOriginal && response.IsSuccessStatusCode)
                    Assert.Contains(world.Marker(TargetOf(expected.Caller, expected.Scope)), body, StringComparison.Ordinal);
                return;
            }
            Assert.All(world.Items.Values, item => Assert.DoesNotContain(item.Text, body, StringComparison.Ordinal));
            Assert.All(world.Markers, marker => Assert.DoesNotContain(marker, body, StringComparison.Ordinal));
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], cookie => cookie.StartsWith(DevSession.CookieName + "=", StringComparison.Ordinal));
            Assert.True(before == after, $"{expected.Name}: refused, yet storage changed from [{before}] to [{after}]");
        }
    }

    [Fact]
    public void Every_endpoint_the_app_maps_has_rows_and_every_row_an_endpoint()
    {
        // POST /{FunctionName} (queue and timer functions) is called by the Functions host only: no function.json routes an outside request to it.
        var mapped = AppSurface.Of(Factory.Services).Routes
            .Where(route => !route.IsHostInvocation)
            .SelectMany(route => route.Methods.Count == 0 ? ["*"] : route.Methods, (route, method) => $"{method} {route.Pattern}")
            .ToHashSet(StringComparer.Ordinal);
        var covered = Table.Select(row => $"{row.Method} {row.Route}").ToHashSet(StringComparer.Ordinal);

        var withoutRows = mapped.Except(covered).Order(StringComparer.Ordinal).ToArray();
        var withoutEndpoint = covered.Except(mapped).Order(StringComparer.Ordinal).ToArray();

        Assert.True(withoutRows.Length == 0, $"endpoints with no row in the authorization matrix (decide who may call them): {string.Join(", ", withoutRows)}");
        Assert.True(withoutEndpoint.Length == 0, $"matrix rows for endpoints the app does not map: {string.Join(", ", withoutEndpoint)}");
    }


    private static IEnumerable<Row> Unscoped(string method, string route, Verdict anonymous, Verdict water, Verdict electricity, Verdict zanjanAnalyst, Verdict tehranAnalyst, Verdict admin) =>
    [
        new(method, route, null, Caller.Anonymous, Scope.None, anonymous),
        new(method, route, null, Caller.WaterStaff, Scope.None, water),
        new(method, route, null, Caller.ElectricityStaff, Scope.None, electricity),
        new(method, route, null, Caller.ZanjanAnalyst, Scope.None, zanjanAnalyst),
        new(method, route, null, Caller.TehranAnalyst, Scope.None, tehranAnalyst),
        new(method, route, null, Caller.NationalAdmin, Scope.None, admin),
    ];

    private static IEnumerable<Row> Scoped(
        string method, string route, string? operation, Verdict anonymous,
        Verdict waterOwn, Verdict waterOther, Verdict electricityOwn, Verdict electricityOther,
        Verdict zanjanAnalystOwn, Verdict zanjanAnalystOther, Verdict tehranAnalystOwn, Verdict tehranAnalystOther,
        Verdict adminOwn, Verdict adminOther) =>
    [
        new(method, route, operation, Caller.Anonymous, Scope.None, anonymous),
        new(method, route, operation, Caller.WaterStaff, Scope.Own, waterOwn),
        new(method, route, operation, Caller.WaterStaff, Scope.Other, waterOther),
        new(method, route, operation, Caller.ElectricityStaff, Scope.Own, electricityOwn),
        new(method, route, operation, Caller.ElectricityStaff, Scope.Other, electricityOther),
        new(method, route, operation, Caller.ZanjanAnalyst, Scope.Own, zanjanAnalystOwn),
        new(method, route, operation, Caller.ZanjanAnalyst, Scope.Other, zanjanAnalystOther),
        new(method, route, operation, Caller.TehranAnalyst, Scope.Own, tehranAnalystOwn),
        new(method, route, operation, Caller.TehranAnalyst, Scope.Other, tehranAnalystOther),
        new(method, route, operation, Caller.NationalAdmin, Scope.Own, adminOwn),
        new(method, route, operation, Caller.NationalAdmin, Scope.Other, adminOther),
    ];

    private static IEnumerable<Row> Keyed(string method, string route, Verdict noKey, Verdict forgedKey, Verdict validKey, Verdict signedInWithoutKey) =>
    [
        new(method, route, null, Caller.NoKey, Scope.None, noKey),
        new(method, route, null, Caller.ForgedKey, Scope.None, forgedKey),
        new(method, route, null, Caller.ValidKey, Scope.None, validKey),
        new(method, route, null, Caller.NationalAdmin, Scope.None, signedInWithoutKey),
    ];

    private static IEnumerable<Row> WithSecret(string method, string route, Verdict noSecret, Verdict forgedSecret, Verdict validSecret) =>
    [
        new(method, route, null, Caller.NoSecret, Scope.None, noSecret),
        new(method, route, null, Caller.ForgedSecret, Scope.None, forgedSecret),
        new(method, route, null, Caller.ValidSecret, Scope.None, validSecret),
    ];

    private static Row OutsideLocal(string method, string route, Verdict verdict) => new(method, route, null, Caller.AnonymousOutsideLocal, Scope.None, verdict);

    private static Target TargetOf(Caller caller, Scope scope) => (caller, scope) switch
    {
        (Caller.ElectricityStaff, Scope.Own) or (Caller.WaterStaff, Scope.Other) => Target.ZanjanElectricity,
        (Caller.TehranAnalyst, Scope.Own) or (Caller.ZanjanAnalyst or Caller.NationalAdmin, Scope.Other) => Target.Tehran,
        _ => Target.ZanjanWater,
    };

    /// <summary>
    /// An item of each target on a day of this test's own, a counter office's API key and a sent SMS awaiting its delivery
    /// report; every text marked, so that an answer showing one, or a row holding one, is found.
    /// </summary>
    private async Task<World> WorldAsync()
    {
        var day = UnusedDay();
        var marker = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var water = await RoutedItemAsync(Water, day, text: $"{World.ItemMarker(Target.ZanjanWater, marker)} آب محله ما سه روز است قطع است");
        var electricity = await RoutedItemAsync(Electricity, day, text: $"{World.ItemMarker(Target.ZanjanElectricity, marker)} برق کوچه ما از دیشب قطع است", topic: "electricity");
        var tehran = water with { TrackingCode = TrackingCode.NewCode(), Province = "tehran", County = null, Text = $"{World.ItemMarker(Target.Tehran, marker)} آب محله ما در تهران قطع است" };
        var store = Service<IFeedbackStore>();
        Assert.NotNull(await store.TryCreateAsync(tehran, CancellationToken.None));
        await store.IndexAsync(tehran, CancellationToken.None);

        var (apiKey, keyHash) = ApiKeys.Create();
        await Service<IApiKeyStore>().SaveAsync(keyHash, new ApiClient(TableApiKeyStore.ClientIdOf(keyHash), "دفتر پیشخوان ۷ زنجان", Provinces.ZanjanKey, Clock.GetUtcNow(), Revoked: false), CancellationToken.None);

        var phone = $"0912{RandomNumberGenerator.GetInt32(10_000_000):D7}";
        var mobile = IranianMobile.Parse(phone).Mobile!;
        var phones = Service<PhoneProtector>();
        var sms = new OutgoingSms
        {
            Key = $"authz-{marker}",
            Kind = SmsKind.Acknowledgement,
            PhoneHash = phones.LookupHash(mobile),
            EncryptedPhone = phones.Encrypt(mobile),
            Text = "بازخورد شما ثبت شد",
            State = SmsState.Sent,
            CreatedAt = Clock.GetUtcNow(),
            ProviderMessageId = $"9{RandomNumberGenerator.GetInt32(1_000_000_000):D9}",
            SentAt = Clock.GetUtcNow(),
        };
        await Service<ISmsStore>().SaveAsync(sms, CancellationToken.None);

        return new World(day, marker, new Dictionary<Target, FeedbackItem> { [Target.ZanjanWater] = water, [Target.ZanjanElectricity] = electricity, [Target.Tehran] = tehran }, phone, apiKey, sms);
    }

    private async Task<HttpClient> ClientAsync(Caller caller) => caller switch
    {
        Caller.WaterStaff => await SignInAsync(WaterStaff),
        Caller.ElectricityStaff => await SignInAsync(ElectricityStaff),
        Caller.ZanjanAnalyst => await SignInAsync(ZanjanAnalyst),
        Caller.TehranAnalyst => await SignInAsync(TehranAnalyst),
        Caller.NationalAdmin => await SignInAsync(NationalAdmin),
        _ => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }),
    };

    /// <summary>The app outside Local mode, as deployed in Azure (its storage never reached: the rows sent to it need none).</summary>
    private static FeedbackAppFactory AzureModeApp()
    {
        var app = new FeedbackAppFactory();
        app.Settings["Feedback:Mode"] = "Azure";
        app.Settings["Feedback:StorageAccountName"] = "stfeedbacktest";
        app.Settings["Feedback:ServiceBusNamespace"] = "sb-feedback-test.servicebus.windows.net";
        app.Settings["Feedback:Kavenegar:ApiKey"] = "not-a-real-key";
        app.Settings["Feedback:SmsDeliverySecret"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        app.Settings["WEBSITE_AUTH_ENABLED"] = "True";
        return app;
    }

    /// <summary>The row's request, sent as the pages and clients send it, and the path it asks for.</summary>
    private (HttpRequestMessage Request, string Path) RequestFor(Row row, World world)
    {
        var target = TargetOf(row.Caller, row.Scope);
        var item = world.Items[target];
        var province = item.Province;
        var agency = item.Assessment!.AgencyKey;
        var inboundSecret = Factory.Settings["Feedback:SmsInboundSecret"]!;
        var secret = row.Caller == Caller.ForgedSecret ? Convert.ToHexString(RandomNumberGenerator.GetBytes(24)) : null;
        var day = JalaliDay(world.Day);
        var path = row.Route switch
        {
            InboxList => $"/api/inbox?province={province}&agency={agency}&from={day}&to={day}",
            InboxItem => $"/api/inbox/items/{item.TrackingCode}",
            InboxAction => $"/api/inbox/items/{item.TrackingCode}/{row.Operation}",
            InboxOriginal => $"/api/inbox/items/{item.TrackingCode}/original",
            "/api/trends" or "/api/trends/items" => $"{row.Route}?province={province}{AgencyOfStaff(row.Caller, agency)}",
            "/api/trends/export" => $"{row.Route}?province={province}&view=series{AgencyOfStaff(row.Caller, agency)}",
            "/api/feedback/{trackingCode}" => $"/api/feedback/{item.TrackingCode}",
            ApiDocumentation.DocumentPattern => ApiDocumentation.DocumentPath,
            SmsInbound when row.Caller == Caller.NoSecret => "/api/sms/inbound",
            SmsInbound => $"/api/sms/inbound/{secret ?? inboundSecret}",
            SmsDelivery when row.Caller == Caller.NoSecret => "/api/sms/delivery",
            SmsDelivery => $"/api/sms/delivery/{secret ?? DeliverySecret}",
            var plain when !plain.Contains('{', StringComparison.Ordinal) => plain,
            _ => throw new InvalidOperationException($"no request is written for {row.Route}: add one to RequestFor"),
        };
        var form = row.Route switch
        {
            SmsInbound => new Dictionary<string, string> { ["messageid"] = Guid.NewGuid().ToString("N"), ["from"] = world.Phone, ["to"] = "10004346", ["message"] = $"{world.SmsMarker} فشار گاز خونه ما خیلی پایینه" },
            SmsDelivery => new Dictionary<string, string> { ["messageid"] = world.Sms.ProviderMessageId!, ["status"] = "10" },
            "/dev/phone" => new Dictionary<string, string> { ["number"] = world.Phone, ["message"] = "سلام" },
            _ => null,
        };

        if (row.Method == "GET")
        {
            var query = form is null ? path : $"{path}?{string.Join('&', form.Select(field => $"{field.Key}={Uri.EscapeDataString(field.Value)}"))}";
            return (new HttpRequestMessage(HttpMethod.Get, query), path);
        }
        var request = form is not null
            ? new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) }
            : StaffPost(path, row.Route == SmsPreview ? new { trackingCode = item.TrackingCode.Value, operation = "resolve", reply = "لوله ترکیده تعمیر شد" } : BodyFor(row.Route, world));
        if (row.Caller is Caller.ValidKey or Caller.ForgedKey)
            request.Headers.Add(IntakeEndpoints.ApiKeyHeader, row.Caller == Caller.ValidKey ? world.ApiKey : ApiKeys.Create().Key);
        return (request, path);
    }

    /// <summary>An agency's staff name the agency whose figures they ask for: their own, or (scope other) another's.</summary>
    private static string AgencyOfStaff(Caller caller, string agency) => caller is Caller.WaterStaff or Caller.ElectricityStaff ? $"&agency={agency}" : string.Empty;

    private static object BodyFor(string route, World world) => route switch
    {
        "/api/feedback" => new { text = "چراغ‌های خیابان اصلی محله ما یک هفته است خاموش است", province = Provinces.ZanjanKey },
        "/api/staff/sign-in" => new { userId = WaterStaff },
        InboxAction => new { reply = "لوله ترکیده تعمیر شد", reason = "کار این اداره نیست", agency = "zanjan-gas", sentiment = "neutral", topic = "gas", question = "نشانی دقیق محل را بفرستید" },
        CounterFeedback => new { items = new[] { new { text = $"{world.CounterMarker} ارباب رجوع از معطلی در صف گلایه دارد" } } },
        ServicesCompleted => new { phone = world.Phone, serviceCode = world.ServiceMarker, agency = "zanjan-civil-registry" },
        _ => new { },
    };

    /// <summary>What a write of the row would change, read from storage; null for rows that write nothing a test can find.</summary>
    private Func<Task<string>>? WitnessFor(Row row, World world)
    {
        var item = world.Items[TargetOf(row.Caller, row.Scope)];
        return row.Route switch
        {
            InboxAction => async () => JsonSerializer.Serialize(await Service<IFeedbackStore>().GetAsync(item.TrackingCode, CancellationToken.None)),
            CounterFeedback => () => RowsHoldingAsync(world.CounterMarker),
            ServicesCompleted => () => RowsHoldingAsync(world.ServiceMarker),
            SmsInbound => () => RowsHoldingAsync(world.SmsMarker),
            SmsDelivery => async () => (await Service<ISmsStore>().GetAsync(world.Sms.PhoneHash, world.Sms.Key, CancellationToken.None))!.State.ToString(),
            _ => null,
        };
    }

    private async Task<string> RowsHoldingAsync(string marker)
    {
        var snapshot = await StorageSnapshot.TakeAsync(Service<TableServiceClient>(), CancellationToken.None);
        var holding = snapshot.Rows.Values.Where(row => row.Texts.Any(text => text.Contains(marker, StringComparison.Ordinal)));
        return string.Join(", ", holding.Select(row => row.ToString()));
    }

    private static Verdict VerdictOf(HttpResponseMessage response, string requestedPath)
    {
        var landedOn = response.RequestMessage?.RequestUri?.AbsolutePath;
        var location = response.Headers.Location is { } to ? (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString.Split('?')[0]) : null;
        var status = (int)response.StatusCode;
        if ((status is >= 300 and < 400 && location == StaffPages.SignInPath) || (landedOn == StaffPages.SignInPath && requestedPath != StaffPages.SignInPath))
            return Verdict.SentToSignIn;
        return status switch
        {
            401 => Verdict.Unauthorized,
            403 => Verdict.Forbidden,
            404 => Verdict.NotFound,
            < 400 or 400 or 409 or 422 => Verdict.Allowed,
            _ => Verdict.Unexpected,
        };
    }

    private static string Excerpt(string body) => body.Length <= 400 ? body : body[..400] + "…";

    /// <summary>One row of the matrix; its name is the test case's.</summary>
    private sealed record Row(string Method, string Route, string? Operation, Caller Caller, Scope Scope, Verdict Expected)
    {
        public (string Endpoint, string Caller, string Scope, string Verdict) Name { get; } =
            ($"{Method} {(Operation is null ? Route : Route.Replace("{operation}", Operation, StringComparison.Ordinal))}", CallerName(Caller), ScopeName(Caller, Scope), VerdictName(Expected));

        private static string CallerName(Caller caller) => caller switch
        {
            Caller.Anonymous => "anonymous",
            Caller.WaterStaff => "agency staff of zanjan water",
            Caller.ElectricityStaff => "agency staff of zanjan electricity",
            Caller.ZanjanAnalyst => "analyst of zanjan",
            Caller.TehranAnalyst => "analyst of tehran",
            Caller.NationalAdmin => "national admin",
            Caller.NoKey => "no api key",
            Caller.ForgedKey => "forged api key",
            Caller.ValidKey => "valid api key",
            Caller.NoSecret => "no secret",
            Caller.ForgedSecret => "forged secret",
            Caller.ValidSecret => "valid secret",
            _ => "anonymous, outside Local mode",
        };

        private static string ScopeName(Caller caller, Scope scope) => scope == Scope.None
            ? "none"
            : $"{(scope == Scope.Own ? "own" : "other")}: {TargetOf(caller, scope) switch { Target.ZanjanWater => "zanjan water", Target.ZanjanElectricity => "zanjan electricity", _ => "tehran" }}";

        private static string VerdictName(Verdict verdict) => verdict switch
        {
            Verdict.Allowed => "allowed",
            Verdict.Unauthorized => "401",
            Verdict.Forbidden => "403",
            Verdict.SentToSignIn => "sent to sign-in",
            _ => "404",
        };
    }

    /// <summary>What a row's request names, and the stored things a write of it could change.</summary>
    private sealed record World(DateTimeOffset Day, string MarkerSuffix, IReadOnlyDictionary<Target, FeedbackItem> Items, string Phone, string ApiKey, OutgoingSms Sms)
    {
        public string CounterMarker => $"authz-counter-{MarkerSuffix}";

        public string ServiceMarker => $"authz-service-{MarkerSuffix}";

        public string SmsMarker => $"authz-sms-{MarkerSuffix}";

        public IEnumerable<string> Markers => [.. Items.Keys.Select(Marker), CounterMarker, ServiceMarker, SmsMarker];

        public string Marker(Target target) => ItemMarker(target, MarkerSuffix);

        public static string ItemMarker(Target target, string suffix) => $"authz-{target.ToString().ToLowerInvariant()}-{suffix}";
    }
}
