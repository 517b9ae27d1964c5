using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class VerifyLookupTests : KavenegarTest
{
    private const string Template = "feedback-tracking";

    [Fact]
    public async Task Lookup_posts_the_template_and_tokens_and_Kavenegar_fills_the_template()
    {
        Harness.StandIn.AddVerifyTemplate(Template, "کد پیگیری %token برای %token2 (%token3) ثبت شد.");
        var client = Harness.CreateClient();

        var sent = await client.VerifyLookupAsync(KavenegarHarness.Receptor, Template, "4821937560", "آب‌وفاضلاب", "زنجان");

        var call = Assert.Single(Harness.StandIn.Calls);
        Assert.Equal("verify/lookup", call.Endpoint);
        Assert.Equal(KavenegarHarness.Receptor, call.Fields["receptor"]);
        Assert.Equal(Template, call.Fields["template"]);
        Assert.Equal("4821937560", call.Fields["token"]);
        Assert.Equal("آب‌وفاضلاب", call.Fields["token2"]);
        Assert.Equal("زنجان", call.Fields["token3"]);

        const string filled = "کد پیگیری 4821937560 برای آب‌وفاضلاب (زنجان) ثبت شد.";
        Assert.Equal(filled, sent.Text);
        var accepted = Assert.Single(Harness.StandIn.Messages);
        Assert.Equal(filled, accepted.Text);
        Assert.Equal(Template, accepted.Template);
        Assert.Equal(accepted.MessageId, sent.MessageId);
    }

    [Fact]
    public async Task Optional_tokens_are_left_out_when_not_given()
    {
        Harness.StandIn.AddVerifyTemplate(Template, "کد شما: %token");
        var client = Harness.CreateClient();

        await client.VerifyLookupAsync(KavenegarHarness.Receptor, Template, "1234");

        var fields = Assert.Single(Harness.StandIn.Calls).Fields;
        Assert.False(fields.ContainsKey("token2"));
        Assert.False(fields.ContainsKey("token3"));
    }

    [Fact]
    public async Task An_unknown_template_is_a_configuration_error()
    {
        var client = Harness.CreateClient();

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.VerifyLookupAsync(KavenegarHarness.Receptor, "no-such-template", "1234"));

        Assert.Equal(KavenegarFailureKind.Configuration, failure.Kind);
        Assert.Equal(424, failure.ReturnStatus);
    }

    [Fact]
    public async Task A_token_with_a_space_is_refused_as_permanent()
    {
        Harness.StandIn.AddVerifyTemplate(Template, "کد شما: %token");
        var client = Harness.CreateClient();

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.VerifyLookupAsync(KavenegarHarness.Receptor, Template, "12 34"));

        Assert.Equal(KavenegarFailureKind.Permanent, failure.Kind);
        Assert.Equal(431, failure.ReturnStatus);
        Assert.Empty(Harness.StandIn.Messages);
    }
}
