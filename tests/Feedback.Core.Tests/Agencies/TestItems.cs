using System.Security.Cryptography;
using Feedback.Core.Input;
using Feedback.Core.Items;
using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Agencies;

/// <summary>Items as processing leaves them: routed to an agency of Zanjan, with or without the citizen's phone.</summary>
internal static class TestItems
{
    public const string Water = "zanjan-water-wastewater";
    public const string Electricity = "zanjan-electricity-distribution";

    /// <summary>Routed at 10:00 Tehran time on Saturday 2026-11-21.</summary>
    public static readonly DateTimeOffset RoutedAt = new(2026, 11, 21, 6, 30, 0, TimeSpan.Zero);

    public static readonly PhoneProtector Phones = new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public static FeedbackItem Routed(string agency = Water, bool withPhone = true, DateTimeOffset? routedAt = null)
    {
        var at = routedAt ?? RoutedAt;
        var phone = IranianMobile.Parse("09121234567").Mobile!;
        return new FeedbackItem
        {
            TrackingCode = TrackingCode.NewCode(),
            Channel = FeedbackChannel.Web,
            Text = "آب محله ما سه روز است قطع است",
            Province = "zanjan",
            County = "abhar",
            ReceivedAt = at.AddMinutes(-1),
            EncryptedPhone = withPhone ? Phones.Encrypt(phone) : null,
            PhoneHash = withPhone ? Phones.LookupHash(phone) : null,
            Status = FeedbackStatus.Routed,
            Assessment = new Assessment("negative", 0.9, "water", 0.8, false, "None", agency, "Province rule zanjan/water routes to it."),
            History =
            [
                new StatusChange(at.AddMinutes(-1), FeedbackStatus.Received, "ثبت شد"),
                new StatusChange(at, FeedbackStatus.Routed, "به شرکت آب و فاضلاب استان زنجان ارجاع شد"),
            ],
        };
    }
}
