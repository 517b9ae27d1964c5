using System.Text;
using System.Text.Json;
using Feedback.Core.Items;
using Feedback.Core.Messaging;
using Feedback.Core.Notifications;
using Feedback.Core.Privacy;

namespace Feedback.Core.Tests.Messaging;

/// <summary>Each queue's message reads every version a queue may hold after a deploy, writes the current one, and refuses what is not one.</summary>
public class QueueMessageTests
{
    private static readonly TrackingCode First = Code("1234567894");
    private static readonly TrackingCode Second = Code("9876543215");

    [Theory]
    [InlineData("""{"TrackingCode":"1234567894"}""")]
    [InlineData("""{"trackingCode":"1234567894"}""")]
    public void A_feedback_intake_message_written_before_versions_still_reads(string json)
    {
        var message = ReceivedItems.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new[] { First }, message!.Codes);
    }

    [Fact]
    public void A_feedback_intake_message_carries_its_codes_in_version_2()
    {
        var message = new ReceivedItems([First, Second]);

        var json = Encoding.UTF8.GetString(message.Serialize());

        Assert.Equal("""{"version":2,"trackingCodes":["1234567894","9876543215"]}""", json);
        Assert.Equal(new[] { First, Second }, ReceivedItems.Deserialize(message.Serialize())!.Codes);
    }

    /// <summary>An item as intake stores it, every field intake may set filled in.</summary>
    private static FeedbackItem Stored(TrackingCode code, string text) => new()
    {
        TrackingCode = code,
        Channel = FeedbackChannel.Sms,
        Text = text,
        EncryptedText = "v1.bm9uY2U." + new string('A', text.Length * 2),
        EncryptedMessage = "t1.bm9uY2U." + new string('A', (text.Length + 2) * 2),
        Province = "zanjan",
        County = "abhar",
        Rating = 4,
        EncryptedPhone = "v1.AAAA.BBBB",
        PhoneHash = new PhoneHash("aGFzaA"),
        CounterOffice = "office-7",
        ServiceCode = "S-12",
        ServiceName = "صدور گواهی",
        NamedAgency = "zanjan-water",
        SurveyId = "survey-1",
        ReceivedAt = new DateTimeOffset(2026, 12, 6, 20, 15, 7, 123, TimeSpan.Zero).AddTicks(4567),
        SmsKey = "kavenegar-991",
        History = [new StatusChange(new DateTimeOffset(2026, 12, 6, 20, 15, 7, TimeSpan.Zero), FeedbackStatus.Received, "ثبت شد")],
    };

    [Fact]
    public void A_feedback_intake_message_carries_each_item_as_stored_in_version_3()
    {
        var item = Stored(First, "آب محله ما از دیروز قطع است");
        var message = new ReceivedItems([new ReceivedItem(First, new VersionedItem(item, "W/\"datetime'2026-12-06T20%3A15%3A07Z'\"")), new ReceivedItem(Second)]);

        var body = message.Serialize();
        var read = ReceivedItems.Deserialize(body)!;

        Assert.StartsWith("""{"version":3,"items":[{"trackingCode":"1234567894","version":""", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Contains("آب محله ما", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(new[] { First, Second }, read.Codes);
        Assert.Equal(message.Items[0].Stored!.Version, read.Items[0].Stored!.Version);
        Assert.Equal(JsonSerializer.Serialize(item), JsonSerializer.Serialize(read.Items[0].Stored!.Item));
        Assert.Null(read.Items[1].Stored);
        Assert.Equal(message.MessageId, read.MessageId);
    }

    [Theory]
    [InlineData(""","renamedField":"x" """)]
    [InlineData(""","status":"Routed" """)]
    [InlineData(""","trackingCode":"9876543215" """)]
    public void A_carried_item_this_build_cannot_take_as_it_is_is_read_as_its_code_alone(string changed)
    {
        var body = Encoding.UTF8.GetString(new ReceivedItems([new ReceivedItem(First, new VersionedItem(Stored(First, "برق رفته"), "v"))]).Serialize());
        // The item is the entry's last member: its last member, the one that counts, is the changed one.
        Assert.EndsWith("}}]}", body, StringComparison.Ordinal);
        var json = body[..^4] + changed.Trim() + body[^4..];

        var read = ReceivedItems.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new[] { First }, read!.Codes);
        Assert.Null(read.Items[0].Stored);
    }

    [Fact]
    public void A_message_carries_items_up_to_its_byte_budget_and_the_codes_of_the_rest()
    {
        var longest = string.Concat(Enumerable.Repeat("آب محله ما قطع است ", 200))[..Feedback.Core.Intake.FeedbackText.MaxLength];
        var codes = Enumerable.Range(0, 16).Select(seed => TrackingCode.NewCode(new Random(seed).Next)).ToArray();

        var message = ReceivedItems.Fitting([.. codes.Select(code => new ReceivedItem(code, new VersionedItem(Stored(code, longest), "v")))]);

        var carried = message.Items.Count(item => item.Stored is not null);
        Assert.InRange(carried, 1, codes.Length - 1);
        Assert.All(message.Items.Skip(carried), item => Assert.Null(item.Stored));
        Assert.Equal(codes, ReceivedItems.Deserialize(message.Serialize())!.Codes);
        Assert.InRange(message.Serialize().Length, 1, ReceivedItems.MaxCarriedBytes + (codes.Length * 64));
    }

    [Fact]
    public void Items_split_into_messages_each_within_its_codes_and_bytes_and_every_item_carried_once_in_order()
    {
        var longest = string.Concat(Enumerable.Repeat("آب محله ما قطع است ", 200))[..Feedback.Core.Intake.FeedbackText.MaxLength];
        var codes = Enumerable.Range(0, 250).Select(seed => TrackingCode.NewCode(new Random(seed).Next)).ToArray();
        var items = codes.Select((code, index) => new ReceivedItem(code, new VersionedItem(Stored(code, index < 10 ? longest : "برق رفته"), "v"))).ToList();

        var messages = ReceivedItems.Split(items);

        Assert.Equal(codes, messages.SelectMany(message => ReceivedItems.Deserialize(message.Serialize())!.Codes));
        Assert.All(messages.SelectMany(message => message.Items), item => Assert.NotNull(item.Stored));
        Assert.All(messages, message => Assert.InRange(message.Items.Count, 1, ReceivedItems.MaxCodes));
        Assert.All(messages, message => Assert.InRange(message.Serialize().Length, 1, ReceivedItems.MaxCarriedBytes + (message.Items.Count * 64)));
        // As few as hold them: no two messages in a row would have fitted in one.
        Assert.All(messages.Zip(messages.Skip(1)), pair => Assert.True(
            pair.First.Items.Count + pair.Second.Items.Count > ReceivedItems.MaxCodes || pair.First.Serialize().Length + pair.Second.Serialize().Length > ReceivedItems.MaxCarriedBytes));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"TrackingCode":1234567894}""")]
    [InlineData("""{"TrackingCode":"1234567895"}""")]
    [InlineData("""{"TrackingCode":"123-456-7894"}""")]
    [InlineData("""{"TrackingCode":"۱۲۳۴۵۶۷۸۹۴"}""")]
    [InlineData("""{"version":2,"trackingCodes":[]}""")]
    [InlineData("""{"version":2,"trackingCodes":["1234567894",null]}""")]
    [InlineData("""{"version":2,"trackingCode":"1234567894"}""")]
    [InlineData("""{"trackingCodes":["1234567894"]}""")]
    [InlineData("""{"version":3,"trackingCodes":["1234567894"]}""")]
    [InlineData("""{"version":2,"trackingCode":"1234567894","trackingCodes":["1234567894"]}""")]
    public void A_body_that_is_not_a_feedback_intake_message_is_refused(string json)
    {
        Assert.Null(ReceivedItems.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void A_feedback_intake_message_carries_at_most_a_hundred_codes()
    {
        var codes = Enumerable.Range(0, ReceivedItems.MaxCodes + 1).Select(_ => "\"1234567894\"");

        Assert.Null(ReceivedItems.Deserialize(Encoding.UTF8.GetBytes($$"""{"version":2,"trackingCodes":[{{string.Join(',', codes)}}]}""")));
        Assert.Throws<ArgumentException>(() => new ReceivedItems(Enumerable.Repeat(First, ReceivedItems.MaxCodes + 1).ToList()));
    }

    [Fact]
    public void One_item_goes_under_its_code_and_several_under_a_name_for_exactly_that_list()
    {
        Assert.Equal(First.Value, new ReceivedItems(First).MessageId);
        Assert.Equal(new ReceivedItems([First, Second]).MessageId, new ReceivedItems([First, Second]).MessageId);
        Assert.NotEqual(new ReceivedItems([First, Second]).MessageId, new ReceivedItems([First, Code("5550001113")]).MessageId);
        Assert.StartsWith("items-", new ReceivedItems([First, Second]).MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void A_notifications_message_written_before_versions_still_reads()
    {
        // As SmsDispatcher wrote it with JsonSerializer's defaults: PascalCase, the kind as its number, non-ASCII escaped.
        const string json = """{"Key":"1234567894-ack","Kind":1,"EncryptedPhone":"v1.AAAA.BBBB","PhoneHash":"aGFzaA","Text":"\u06A9\u062F 1234567894","IsConfirmation":false}""";

        var message = SmsRequested.Deserialize(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new SmsRequested("1234567894-ack", SmsKind.StatusUpdate, "v1.AAAA.BBBB", new PhoneHash("aGFzaA"), "کد 1234567894"), message);
    }

    [Fact]
    public void A_notifications_message_is_written_in_version_2_which_a_build_from_before_versions_reads_too()
    {
        var request = new SmsRequested("survey-abc", SmsKind.Survey, "v1.AAAA.BBBB", new PhoneHash("aGFzaA"), "نظرتان درباره خدمت چیست؟");

        var body = request.Serialize();

        Assert.StartsWith("""{"version":2,"key":"survey-abc","kind":2,"encryptedPhone":"v1.AAAA.BBBB","phoneHash":"aGFzaA","text":""", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        Assert.Equal(request, SmsRequested.Deserialize(body));
        Assert.Equal(request, JsonSerializer.Deserialize<SmsRequested>(body, JsonSerializerOptions.Web));
    }

    [Theory]
    [InlineData("""{"Key":"k","Kind":99,"EncryptedPhone":"e","PhoneHash":"h","Text":"t"}""")]
    [InlineData("""{"Key":"k","Kind":"Survey","EncryptedPhone":"e","PhoneHash":"h","Text":"t"}""")]
    [InlineData("""{"Key":"k","Kind":0,"EncryptedPhone":"e","PhoneHash":"h"}""")]
    [InlineData("""{"version":3,"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t"}""")]
    [InlineData("""{"version":2,"key":"k","kind":0,"encryptedPhone":"e","phoneHash":" ","text":"t"}""")]
    [InlineData("[]")]
    public void A_body_that_is_not_a_notifications_message_is_refused(string json)
    {
        Assert.Null(SmsRequested.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void The_queue_message_of_an_sms_goes_under_its_key_and_names_its_kind()
    {
        var request = new SmsRequested("1234567894-ack", SmsKind.Acknowledgement, "e", new PhoneHash("h"), "t");

        var message = request.ToMessage();

        Assert.Equal("1234567894-ack", message.MessageId);
        Assert.Equal("Acknowledgement", message.Properties["kind"]);
        Assert.Equal(request, SmsRequested.Deserialize(message.Body.Span));
        Assert.Equal("1234567894-ack@1", request.ToMessage("1234567894-ack@1").MessageId);
    }

    [Fact]
    public void A_notifications_message_of_several_sms_is_version_3_under_a_hash_of_their_keys()
    {
        var sms = new[] { Sms("1234567894-ack", "کد ۱۲۳۴۵۶۷۸۹۴") with { NoAttemptBefore = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero) }, Sms("9876543215-ack", "کد ۹۸۷۶۵۴۳۲۱۵") };

        var message = new SmsRequests(sms).ToMessage();

        Assert.StartsWith("""{"version":3,"sms":[{"key":"1234567894-ack","kind":0,""", Encoding.UTF8.GetString(message.Body.Span), StringComparison.Ordinal);
        Assert.Contains("کد ۱۲۳۴۵۶۷۸۹۴", Encoding.UTF8.GetString(message.Body.Span), StringComparison.Ordinal);
        Assert.Equal(sms, SmsRequests.Deserialize(message.Body.Span)!.Sms);
        Assert.StartsWith("sms-", message.MessageId, StringComparison.Ordinal);
        Assert.Equal(message.MessageId, new SmsRequests(sms).MessageId);
        Assert.NotEqual(message.MessageId, new SmsRequests([sms[0], Sms("5550001113-ack", "t")]).MessageId);
        Assert.Equal("Acknowledgement", message.Properties["kind"]);
        Assert.Null(SmsRequested.Deserialize(message.Body.Span));
    }

    [Fact]
    public void A_notifications_message_of_one_sms_stays_version_2_and_old_bodies_read_as_one_sms()
    {
        var one = Sms("survey-abc", "نظرتان درباره خدمت چیست؟") with { Kind = SmsKind.Survey, NoAttemptBefore = new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.FromHours(3.5)) };
        const string beforeVersions = """{"Key":"1234567894-ack","Kind":1,"EncryptedPhone":"v1.AAAA.BBBB","PhoneHash":"aGFzaA","Text":"\u06A9\u062F 1234567894","IsConfirmation":false}""";

        var message = new SmsRequests([one]).ToMessage();

        Assert.Equal(one.Serialize(), message.Body.ToArray());
        Assert.Equal("survey-abc", message.MessageId);
        Assert.Equal("Survey", message.Properties["kind"]);
        Assert.Equal([one], SmsRequests.Deserialize(message.Body.Span)!.Sms);
        Assert.Equal([new SmsRequested("1234567894-ack", SmsKind.StatusUpdate, "v1.AAAA.BBBB", new PhoneHash("aGFzaA"), "کد 1234567894")], SmsRequests.Deserialize(Encoding.UTF8.GetBytes(beforeVersions))!.Sms);
    }

    [Fact]
    public void Sms_asked_for_together_are_split_into_messages_that_fit_a_storage_queue_and_carry_each_key_once()
    {
        var text = new string('ک', 1_000);
        var sms = Enumerable.Range(0, 150).Select(index => Sms($"{1_000_000_000 + index}-ack", index % 2 == 0 ? text : "کد")).ToList();

        var messages = SmsRequests.Split([.. sms, sms[3]]);

        Assert.Equal(sms, messages.SelectMany(message => message.Sms));
        Assert.True(messages.Count > 1);
        Assert.All(messages, message => Assert.InRange(message.Serialize().Length, 1, SmsRequests.MaxBytes + 64));
        Assert.All(messages, message => Assert.InRange(message.Sms.Count, 1, SmsRequests.MaxSms));
        Assert.Equal(2, SmsRequests.Split([.. Enumerable.Range(0, SmsRequests.MaxSms + 1).Select(index => Sms($"{index}-ack", "t"))]).Count);
        Assert.Empty(SmsRequests.Split([]));
    }

    [Theory]
    [InlineData("""{"version":3,"sms":[]}""")]
    [InlineData("""{"version":3,"sms":[{"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t"},{"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"u"}]}""")]
    [InlineData("""{"version":3,"sms":[{"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h"}]}""")]
    [InlineData("""{"version":3,"sms":[{"version":2,"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t"}]}""")]
    [InlineData("""{"version":3,"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t","sms":[{"key":"l","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t"}]}""")]
    [InlineData("""{"version":2,"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t","sms":[]}""")]
    [InlineData("""{"version":4,"sms":[{"key":"k","kind":0,"encryptedPhone":"e","phoneHash":"h","text":"t"}]}""")]
    public void A_body_that_is_not_a_notifications_message_of_several_is_refused(string json)
    {
        Assert.Null(SmsRequests.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    private static SmsRequested Sms(string key, string text) => new(key, SmsKind.Acknowledgement, "v1.AAAA.BBBB", new PhoneHash("aGFzaA"), text);

    private static TrackingCode Code(string value) => TrackingCode.Parse(value).Code!;
}
