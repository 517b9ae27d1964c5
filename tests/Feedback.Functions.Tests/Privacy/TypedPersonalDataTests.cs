using System.Net;
using System.Net.Http.Json;
using Feedback.Core.Items;
using Feedback.Core.Privacy;
using Feedback.Functions.Tests.Agencies;
using Feedback.Testing;

namespace Feedback.Functions.Tests.Privacy;

/// <summary>Personal data a citizen types into the message: masked in what is stored and shown, the original sealed for the agency that must call back.</summary>
public sealed class TypedPersonalDataTests(Azurite azurite) : StaffAppTests(azurite)
{
    private const string Written = "آب کوچه ما قطع است، لطفا با ۰۹۱۲ ۳۴۵ ۶۷۸۹ یا ali@example.ir تماس بگیرید";

    [Fact]
    public async Task The_stored_text_is_masked_and_the_original_is_sealed()
    {
        using var response = await Client.PostAsJsonAsync("/api/feedback", new { text = Written, province = "zanjan" });
        var code = (await JsonOf(response, HttpStatusCode.Accepted)).GetProperty("trackingCode").GetString()!;

        var item = (await Service<IFeedbackStore>().GetAsync(TrackingCode.FromCanonical(code)!, CancellationToken.None))!;

        Assert.Equal("آب کوچه ما قطع است، لطفا با *** یا *** تماس بگیرید", item.Text);
        Assert.Equal(Written, Service<PhoneProtector>().DecryptText(item.EncryptedText!));
        Assert.DoesNotContain("@", item.EncryptedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_assigned_agency_reads_the_original_and_another_agency_may_not()
    {
        var phones = Service<PhoneProtector>();
        var routed = await RoutedItemAsync(Water, UnusedDay(), text: PersonalData.MaskIn(Written));
        var item = routed with { EncryptedText = phones.EncryptText(Written) };
        await Service<IFeedbackStore>().SaveAsync(item, CancellationToken.None);
        using var water = await SignInAsync(WaterStaff);
        using var electricity = await SignInAsync(ElectricityStaff);

        using var shown = await water.GetAsync(new Uri($"/api/inbox/items/{item.TrackingCode}", UriKind.Relative));
        using var original = await water.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/original", new { }));
        using var refused = await electricity.SendAsync(StaffPost($"/api/inbox/items/{item.TrackingCode}/original", new { }));

        Assert.DoesNotContain("۰۹۱۲", await shown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Written, (await JsonOf(original, HttpStatusCode.OK)).GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_item_view_offers_the_original_only_where_something_was_masked()
    {
        var masked = await RoutedItemAsync(Water, UnusedDay(), text: PersonalData.MaskIn(Written));
        await Service<IFeedbackStore>().SaveAsync(masked with { EncryptedText = Service<PhoneProtector>().EncryptText(Written) }, CancellationToken.None);
        var plain = await RoutedItemAsync(Water, UnusedDay(), text: "آب کوچه ما از دیروز قطع است");
        using var water = await SignInAsync(WaterStaff);

        using var maskedView = await water.GetAsync(new Uri($"/api/inbox/items/{masked.TrackingCode}", UriKind.Relative));
        using var plainView = await water.GetAsync(new Uri($"/api/inbox/items/{plain.TrackingCode}", UriKind.Relative));

        Assert.True((await JsonOf(maskedView, HttpStatusCode.OK)).GetProperty("originalReadable").GetBoolean());
        Assert.False((await JsonOf(plainView, HttpStatusCode.OK)).GetProperty("originalReadable").GetBoolean());
    }
}
