using Feedback.Storage.Auth;

namespace Feedback.Storage.Tests.Auth;

public class StorageConnectionTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seQ==";

    [Fact]
    public void Development_storage_is_Azurites_well_known_account_on_default_ports()
    {
        var connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.True(connection.HasAccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueEndpoint);
    }

    [Fact]
    public void Account_endpoints_are_built_from_protocol_name_and_suffix()
    {
        var connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=https;AccountName=zanjanfeedback;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://zanjanfeedback.table.core.windows.net"), connection.TableEndpoint);
        Assert.Equal(new Uri("https://zanjanfeedback.queue.core.windows.net"), connection.QueueEndpoint);
        Assert.True(connection.HasAccountKey);
    }

    [Fact]
    public void Explicit_endpoints_win_and_other_services_endpoints_are_ignored()
    {
        var connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:2/devstoreaccount1;" +
            "TableEndpoint=http://127.0.0.1:3/devstoreaccount1/;");

        Assert.Equal(new Uri("http://127.0.0.1:2/devstoreaccount1"), connection.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:3/devstoreaccount1"), connection.TableEndpoint);
    }

    [Fact]
    public void Without_a_key_the_account_is_named_for_a_managed_identity()
    {
        var connection = StorageConnection.Parse("AccountName=zanjanfeedback");

        Assert.False(connection.HasAccountKey);
        Assert.Equal(new Uri("https://zanjanfeedback.queue.core.windows.net"), connection.QueueEndpoint);
        var refusal = Assert.Throws<InvalidOperationException>(() => StoragePipeline.Create(connection, StorageService.Queue, null, null));
        Assert.Contains("TokenCredential", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_endpoints_alone_need_no_account_name_for_a_managed_identity()
    {
        var connection = StorageConnection.Parse(
            "TableEndpoint=https://zanjanfeedback.table.core.windows.net;QueueEndpoint=https://zanjanfeedback.queue.core.windows.net");

        Assert.Null(connection.AccountName);
        Assert.False(connection.HasAccountKey);
        Assert.Equal(new Uri("https://zanjanfeedback.table.core.windows.net"), connection.TableEndpoint);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("AccountKey=" + Key, "AccountName is missing")]
    [InlineData("AccountName=Bad_Name;AccountKey=" + Key, "AccountName 'Bad_Name'")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol 'ftp'")]
    [InlineData("AccountName=acct;AccountKey=" + Key + ";TableEndpoint=not a uri", "TableEndpoint 'not a uri'")]
    [InlineData("AccountName=acct;AcountKey=" + Key, "'AcountKey' is not a storage connection string setting")]
    [InlineData("AccountName=acct;AccountName=other", "AccountName is given more than once")]
    [InlineData("UseDevelopmentStorage=true;AccountName=acct", "AccountName cannot be combined with UseDevelopmentStorage=true")]
    [InlineData("UseDevelopmentStorage=yes", "UseDevelopmentStorage must be 'true'")]
    [InlineData("AccountName=acct;SharedAccessSignature=sv=2024", "SharedAccessSignature is not supported")]
    public void Invalid_connection_strings_are_refused_naming_the_problem(string connectionString, string problem)
    {
        var refusal = Assert.Throws<FormatException>(() => StorageConnection.Parse(connectionString));

        Assert.Contains(problem, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var refusal = Assert.Throws<FormatException>(() => StorageConnection.Parse("DefaultEndpointsProtocol=ftp;QueueEndpoint=relative"));

        Assert.Contains("DefaultEndpointsProtocol 'ftp'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint 'relative'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("AccountName is missing: it is needed to build the table endpoint", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_is_never_echoed_in_errors_or_text()
    {
        const string notBase64Key = "this-is-the-secret-key!";
        var refusal = Assert.Throws<FormatException>(() => StorageConnection.Parse($"AccountName=acct;AccountKey={notBase64Key}"));
        var pastedKey = Assert.Throws<FormatException>(() => StorageConnection.Parse($"AccountName=acct;{Key}"));
        var connection = StorageConnection.Parse($"AccountName=acct;AccountKey={Key}");

        Assert.Contains("AccountKey is not valid base64", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(notBase64Key, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, pastedKey.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, connection.ToString(), StringComparison.Ordinal);
    }
}
