using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Functions.Access;
using Feedback.Storage.Access;
using Feedback.Storage.Agencies;
using Feedback.Storage.Items;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Agencies;

/// <summary>
/// The running app (Local mode, a real Azurite) with its tables ready and the demo staff recorded, on a clock a
/// test can move: <see cref="SignInAsync"/> gives a client signed in as a demo member of staff, and
/// <see cref="RoutedItemAsync"/> puts an item straight into an agency's inbox, as processing would.
/// </summary>
public abstract class StaffAppTests(Azurite azurite, FeedbackAppFactory? sharedApp = null) : AppAgainstAzurite(azurite, sharedApp)
{
    public const string WaterStaff = "demo-zanjan-water";
    public const string ElectricityStaff = "demo-zanjan-electricity";
    public const string ZanjanAnalyst = "demo-zanjan-analyst";
    public const string TehranAnalyst = "demo-tehran-analyst";
    public const string NationalAdmin = "demo-national-admin";
    public const string Water = "zanjan-water-wastewater";
    public const string Electricity = "zanjan-electricity-distribution";

    /// <summary>12:00 in Tehran on Saturday 2026-11-21: a working day, outside the SMS quiet hours.</summary>
    public static readonly DateTimeOffset TehranNoon = new(2026, 11, 21, 8, 30, 0, TimeSpan.Zero);

    /// <summary>The app's clock, at <see cref="TehranNoon"/> to begin with (one for the class when the app is shared).</summary>
    protected ManualClock Clock => (ManualClock)(Factory.Clock ??= new ManualClock(TehranNoon));

    public override Task InitializeAsync()
    {
        _ = Clock; // the app starts on it
        return base.InitializeAsync();
    }

    protected override async Task PrepareStorageAsync()
    {
        await base.PrepareStorageAsync();
        await Service<TableFeedbackStore>().EnsureTablesAsync(CancellationToken.None);
        await Service<TableSlaBreachLog>().EnsureTableAsync(CancellationToken.None);
        await Service<TableLabelStore>().EnsureTableAsync(CancellationToken.None);
        var members = Service<TableStaffMembers>();
        await members.EnsureTableAsync(CancellationToken.None);
        foreach (var member in DemoStaff.Members)
            await members.SaveAsync(member, CancellationToken.None);
    }

    /// <summary>A new client (its own cookies) signed in as the demo member of staff.</summary>
    protected async Task<HttpClient> SignInAsync(string userId)
    {
        var client = Factory.CreateClient();
        using var response = await client.SendAsync(StaffPost("/api/staff/sign-in", new { userId }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>A POST as the staff pages send it: JSON, with the header that shows it comes from this site's own page.</summary>
    protected static HttpRequestMessage StaffPost(string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add(SameOriginGuard.Header, "1");
        return request;
    }

    protected static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} instead of {(int)expected}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Stores an item routed to <paramref name="agency"/> and puts it in that agency's inbox.</summary>
    protected async Task<FeedbackItem> RoutedItemAsync(string agency, DateTimeOffset receivedAt, string text = "آب محله ما سه روز است قطع است", string? phone = "09121234567", string topic = "water", string? county = "abhar")
    {
        var phones = Service<PhoneProtector>();
        var mobile = phone is null ? null : IranianMobile.Parse(phone).Mobile!;
        var item = new FeedbackItem
        {
            TrackingCode = TrackingCode.NewCode(),
            Channel = FeedbackChannel.Web,
            Text = text,
            Province = "zanjan",
            County = county,
            ReceivedAt = receivedAt,
            EncryptedPhone = mobile is null ? null : phones.Encrypt(mobile),
            PhoneHash = mobile is null ? null : phones.LookupHash(mobile),
            ServiceCode = "water-connection",
            Status = FeedbackStatus.Routed,
            Assessment = new Assessment("negative", 0.91, topic, 0.87, false, "None", agency, "set by the test"),
            History =
            [
                new StatusChange(receivedAt, FeedbackStatus.Received, "ثبت شد"),
                new StatusChange(receivedAt.AddSeconds(5), FeedbackStatus.Routed, "ارجاع شد"),
            ],
        };
        var store = Service<IFeedbackStore>();
        Assert.NotNull(await store.TryCreateAsync(item, CancellationToken.None));
        await store.IndexAsync(item, CancellationToken.None);
        return item;
    }

    /// <summary>
    /// A Tehran day no other test uses, so a date filter sees only this test's items: days are handed out one after
    /// another (random ones collided once the authorization matrix took hundreds), from a random start so that a run
    /// against storage an earlier run left behind does not meet its days either.
    /// </summary>
    protected static DateTimeOffset UnusedDay() =>
        FirstUnusedDay.AddDays(Interlocked.Increment(ref daysHandedOut));

    private static readonly DateTimeOffset FirstUnusedDay = new DateTimeOffset(2031, 1, 1, 6, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 20_000));

    private static int daysHandedOut;

    protected static string JalaliDay(DateTimeOffset instant) => Feedback.Core.Time.TehranTime.JalaliText(instant)[..10];

    protected static async Task<T> WaitAsync<T>(Func<Task<T?>> attempt)
        where T : class
    {
        for (var tries = 0; tries < 150; tries++)
        {
            if (await attempt() is { } done)
                return done;
            await Task.Delay(200);
        }
        throw new TimeoutException("the pipeline did not get there within 30 seconds");
    }
}
