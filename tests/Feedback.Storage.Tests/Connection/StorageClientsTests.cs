using Feedback.Storage.Connection;

namespace Feedback.Storage.Tests.Connection;

public sealed class StorageClientsTests
{
    [Fact]
    public void The_development_storage_shortcut_names_azurites_default_endpoints()
    {
        var storage = StorageClients.FromConnectionString("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", storage.Tables.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), storage.Tables.Uri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), storage.Queues.Uri);
    }

    [Fact]
    public void An_account_name_gives_the_public_endpoints()
    {
        Assert.Equal(new Uri("https://stfeedback.table.core.windows.net"), StorageClients.TableEndpoint("stfeedback"));
        Assert.Equal(new Uri("https://stfeedback.queue.core.windows.net"), StorageClients.QueueEndpoint("stfeedback"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a connection string")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=%%c2VjcmV0LWtleS1kby1ub3QtZWNobw")]
    public void A_connection_string_the_sdks_cannot_read_is_refused_without_repeating_the_key(string connectionString)
    {
        var refusal = Assert.Throws<FormatException>(() => StorageClients.FromConnectionString(connectionString));

        Assert.StartsWith("Invalid storage connection string", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0LWtleS1kby1ub3QtZWNobw", refusal.Message, StringComparison.Ordinal);
    }
}
