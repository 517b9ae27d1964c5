using System.Text.Json;
using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class SendArrayTests : KavenegarTest
{
    [Fact]
    public async Task SendArray_posts_JSON_arrays_pairs_local_ids_and_keeps_each_text_intact()
    {
        var client = Harness.CreateClient();
        KavenegarOutgoingMessage[] messages =
        [
            new("09121234567", "از بازخورد شما سپاسگزاریم.", LocalId: 101),
            new("09351234567", "وضعیت شکایت شما: «در حال بررسی»", Sender: "30007732", LocalId: 102),
            new("09901234567", "Your complaint 1234567890 was answered.", LocalId: 103),
        ];

        var sent = await client.SendArrayAsync(messages);

        var call = Assert.Single(Harness.StandIn.Calls);
        Assert.Equal("sms/sendarray", call.Endpoint);
        Assert.Equal(messages.Select(message => message.Receptor), JsonArray(call.Fields["receptor"]));
        Assert.Equal(messages.Select(message => message.Text), JsonArray(call.Fields["message"]));
        Assert.Equal([KavenegarHarness.Sender, "30007732", KavenegarHarness.Sender], JsonArray(call.Fields["sender"]));
        // As Kavenegar's .NET SDK sends them: a comma list.
        Assert.Equal("101,102,103", call.Fields["localmessageids"]);

        Assert.Equal(messages.Select(message => message.Text), sent.Select(message => message.Text));
        Assert.Equal(messages.Select(message => message.Receptor), sent.Select(message => message.Receptor));
        Assert.Equal(Harness.StandIn.Messages.Select(message => message.MessageId), sent.Select(message => message.MessageId));
        Assert.Equal(messages.Select(message => message.Text), Harness.StandIn.Messages.Select(message => message.Text));
    }

    [Fact]
    public async Task SendArray_without_local_ids_leaves_the_field_out()
    {
        var client = Harness.CreateClient();

        await client.SendArrayAsync([new("09121234567", "یک"), new("09351234567", "دو")]);

        Assert.False(Assert.Single(Harness.StandIn.Calls).Fields.ContainsKey("localmessageids"));
        Assert.Equal(2, Harness.StandIn.Messages.Count);
    }

    [Fact]
    public async Task More_than_200_messages_are_refused_never_split()
    {
        var client = Harness.CreateClient();
        var messages = Enumerable.Range(0, KavenegarClient.MaxMessagesPerCall + 1)
            .Select(i => new KavenegarOutgoingMessage($"0912{i:D7}", "متن"))
            .ToList();

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.SendArrayAsync(messages));

        Assert.Equal("messages", refused.ParamName);
        Assert.Empty(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task Local_ids_are_given_for_every_message_or_none()
    {
        var client = Harness.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendArrayAsync([new("09121234567", "یک", LocalId: 1), new("09351234567", "دو")]));

        Assert.Empty(Harness.StandIn.Calls);
    }

    [Fact]
    public async Task A_message_without_any_sender_line_is_a_configuration_error_before_any_call()
    {
        var client = Harness.CreateClient(options => options.Sender = null);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendArrayAsync([new("09121234567", "یک")]));

        Assert.Equal(KavenegarFailureKind.Configuration, failure.Kind);
        Assert.Contains("Sender", failure.Message, StringComparison.Ordinal);
        Assert.Empty(Harness.StandIn.Calls);
    }

    private static string[] JsonArray(string field) => JsonSerializer.Deserialize<string[]>(field)!;
}
