using Feedback.Kavenegar.Tests.Support;

namespace Feedback.Kavenegar.Tests;

public sealed class ReturnCodeTests : KavenegarTest
{
    // Every failure status in Kavenegar's REST reference, with what it must mean for a caller.
    public static TheoryData<int, KavenegarFailureKind> Documented => new()
    {
        { 400, KavenegarFailureKind.Permanent },
        { 401, KavenegarFailureKind.Configuration },
        { 402, KavenegarFailureKind.Transient },
        { 403, KavenegarFailureKind.Configuration },
        { 404, KavenegarFailureKind.Configuration },
        { 405, KavenegarFailureKind.Configuration },
        { 406, KavenegarFailureKind.Permanent },
        { 407, KavenegarFailureKind.Configuration },
        { 409, KavenegarFailureKind.Transient },
        { 411, KavenegarFailureKind.Permanent },
        { 412, KavenegarFailureKind.Configuration },
        { 413, KavenegarFailureKind.Permanent },
        { 414, KavenegarFailureKind.Permanent },
        { 415, KavenegarFailureKind.Permanent },
        { 416, KavenegarFailureKind.Configuration },
        { 417, KavenegarFailureKind.Permanent },
        { 418, KavenegarFailureKind.InsufficientCredit },
        { 419, KavenegarFailureKind.Permanent },
        { 420, KavenegarFailureKind.Configuration },
        { 422, KavenegarFailureKind.Permanent },
        { 424, KavenegarFailureKind.Configuration },
        { 426, KavenegarFailureKind.Configuration },
        { 427, KavenegarFailureKind.Configuration },
        { 428, KavenegarFailureKind.Permanent },
        { 429, KavenegarFailureKind.Throttled },
        { 431, KavenegarFailureKind.Permanent },
        { 432, KavenegarFailureKind.Configuration },
        { 451, KavenegarFailureKind.Throttled },
        { 501, KavenegarFailureKind.Configuration },
        { 607, KavenegarFailureKind.Permanent },
    };

    [Theory]
    [MemberData(nameof(Documented))]
    public async Task Each_documented_return_status_surfaces_as_its_failure_kind(int status, KavenegarFailureKind kind)
    {
        Assert.Equal(kind, KavenegarReturnCodes.Classify(status));
        Assert.False(string.IsNullOrEmpty(KavenegarReturnCodes.Describe(status)));

        var client = Harness.CreateClient(options => options.MaxRetryAttempts = 0);
        Harness.StandIn.FailNext(1, status);

        var failure = await Assert.ThrowsAsync<KavenegarException>(() => client.SendAsync(KavenegarHarness.Receptor, "متن", localId: 1));

        Assert.Equal(kind, failure.Kind);
        Assert.Equal(status, failure.ReturnStatus);
        Assert.Equal(status, failure.HttpStatus);
        Assert.Equal("v1/***/sms/send.json", failure.Endpoint);
        Assert.Contains($"return status {status}", failure.Message, StringComparison.Ordinal);
        // 402 says the operation failed, not that nothing was sent.
        Assert.Equal(status == KavenegarReturnCodes.OperationFailed, failure.OutcomeUnknown);
    }

    [Fact]
    public void The_documented_list_is_exactly_the_one_tested()
    {
        var tested = Documented.Select(row => (int)row[0]).Order();

        Assert.Equal(tested, KavenegarReturnCodes.Documented.Select(code => code.Status).Order());
    }

    [Theory]
    [InlineData(500, KavenegarFailureKind.Transient)]
    [InlineData(599, KavenegarFailureKind.Transient)]
    [InlineData(410, KavenegarFailureKind.Permanent)]
    [InlineData(499, KavenegarFailureKind.Permanent)]
    [InlineData(700, KavenegarFailureKind.Permanent)]
    public void An_undocumented_status_is_transient_when_5xx_and_permanent_otherwise(int status, KavenegarFailureKind kind)
    {
        Assert.Equal(kind, KavenegarReturnCodes.Classify(status));
        Assert.Null(KavenegarReturnCodes.Describe(status));
    }
}
