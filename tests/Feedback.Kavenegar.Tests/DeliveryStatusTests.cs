using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class DeliveryStatusTests : KavenegarTest
{
    // Kavenegar's documented delivery statuses, as this project reads them.
    public static TheoryData<int, SmsDeliveryState, bool> Documented => new()
    {
        { 1, SmsDeliveryState.Queued, false },
        { 2, SmsDeliveryState.Queued, false },
        { 4, SmsDeliveryState.Sent, false },
        { 5, SmsDeliveryState.Sent, false },
        { 6, SmsDeliveryState.Failed, true },
        { 10, SmsDeliveryState.Delivered, true },
        // Kavenegar sends an undelivered message again when the account resends failed ones: 11 can still become 10.
        { 11, SmsDeliveryState.Failed, false },
        { 13, SmsDeliveryState.Failed, true },
        { 14, SmsDeliveryState.Blocked, true },
        { 100, SmsDeliveryState.Unknown, true },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public async Task Each_documented_status_maps_to_its_state_and_finality(int status, SmsDeliveryState state, bool isFinal)
    {
        Assert.Equal(state, KavenegarDeliveryStatuses.ToState(status));
        Assert.Equal(isFinal, KavenegarDeliveryStatuses.IsFinal(status));

        var client = Harness.CreateClient();
        var sent = await client.SendAsync(KavenegarHarness.Receptor, "پیام آزمایشی");
        Harness.StandIn.SetDeliveryStatus(sent.MessageId, status);

        var reported = Assert.Single(await client.GetStatusAsync([sent.MessageId]));

        Assert.Equal(status, reported.Status);
        Assert.Equal(state, reported.State);
        Assert.Equal(isFinal, reported.IsFinal);
    }

    [Fact]
    public void The_documented_list_is_exactly_the_one_tested()
    {
        var tested = Documented.Select(row => (int)row[0]).Order();

        Assert.Equal(tested, KavenegarDeliveryStatuses.Documented.Select(status => status.Status).Order());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(50)]
    public void An_undocumented_status_is_unknown_and_not_final(int status)
    {
        Assert.Equal(SmsDeliveryState.Unknown, KavenegarDeliveryStatuses.ToState(status));
        Assert.False(KavenegarDeliveryStatuses.IsFinal(status));
        Assert.Null(KavenegarDeliveryStatuses.Describe(status));
    }
}
