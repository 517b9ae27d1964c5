using Feedback.Testing;

namespace Feedback.Cli.Tests.Commands;

[Collection(Azurite.Collection)]
public class KeysCommandTests(Azurite azurite)
{
    [Fact]
    public void A_key_is_issued_once_listed_by_id_and_revoked()
    {
        var issued = CliRun.Of("keys", "issue", "--name", "دفتر پیشخوان ۴۲ ابهر", "--storage", azurite.ConnectionString);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        var id = issued.OutLines.Single(line => line.StartsWith("id ", StringComparison.Ordinal))[3..].Trim();
        Assert.Contains(issued.OutLines, line => line.StartsWith("key  fbk_", StringComparison.Ordinal));

        var listed = CliRun.Of("keys", "list", "--storage", azurite.ConnectionString);
        Assert.Contains(listed.OutLines, line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains("\tno\t", StringComparison.Ordinal));
        Assert.DoesNotContain("fbk_", listed.Out, StringComparison.Ordinal);

        var revoked = CliRun.Of("keys", "revoke", id, "--storage", azurite.ConnectionString);
        Assert.Equal(0, revoked.ExitCode);
        var after = CliRun.Of("keys", "list", "--storage", azurite.ConnectionString);
        Assert.Contains(after.OutLines, line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains("\tyes\t", StringComparison.Ordinal));
    }

    [Fact]
    public void Revoking_an_unknown_id_is_an_error()
    {
        var run = CliRun.Of("keys", "revoke", "000000000000", "--storage", azurite.ConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no client has id", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--province", "atlantis", "province")]
    [InlineData("--storage", "AccountName=x", "storage connection string")]
    public void Bad_options_are_clear_errors(string option, string value, string named)
    {
        var run = CliRun.Of("keys", "issue", "--name", "office", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unreachable_storage_is_a_one_line_error()
    {
        var run = CliRun.Of("keys", "list", "--storage", Azurite.UnreachableConnectionString);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("storage could not be reached", run.Error, StringComparison.Ordinal);
    }
}
