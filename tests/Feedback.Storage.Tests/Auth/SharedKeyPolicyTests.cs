using Azure;
using Feedback.Storage.Auth;
using Feedback.Storage.Queues;
using Feedback.Storage.Tables;
using Feedback.Testing;

namespace Feedback.Storage.Tests.Auth;

/// <summary>
/// The strings to sign against the examples in "Authorize with Shared Key" (Microsoft's REST reference),
/// and the signatures against a real Azurite, which recomputes and compares them.
/// </summary>
[Collection(Azurite.Collection)]
public class SharedKeyPolicyTests(Azurite azurite)
{
    private const string DocumentedDate = "Fri, 26 Jun 2015 23:39:12 GMT";

    private static readonly KeyValuePair<string, string>[] DocumentedHeaders =
    [
        KeyValuePair.Create("x-ms-version", "2015-02-21"),
        KeyValuePair.Create("x-ms-date", DocumentedDate),
    ];

    [Fact]
    public void Blob_queue_and_file_string_to_sign_matches_the_documented_example()
    {
        var uri = new Uri("http://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata&timeout=20");

        var stringToSign = SharedKeyPolicy.QueueStringToSign("GET", uri, DocumentedHeaders, contentLength: null, "myaccount");

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\n" +
            $"x-ms-date:{DocumentedDate}\nx-ms-version:2015-02-21\n" +
            "/myaccount/mycontainer\ncomp:metadata\nrestype:container\ntimeout:20",
            stringToSign);
    }

    [Fact]
    public void A_parameter_given_several_times_is_one_sorted_comma_joined_line_as_documented()
    {
        var uri = new Uri(
            "http://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=list&include=snapshots&include=metadata&include=uncommittedblobs");

        Assert.Equal(
            "/myaccount/mycontainer\ncomp:list\ninclude:metadata,snapshots,uncommittedblobs\nrestype:container",
            SharedKeyPolicy.QueueCanonicalizedResource(uri, "myaccount"));
    }

    [Fact]
    public void A_zero_content_length_is_signed_as_an_empty_line_and_other_lengths_as_digits()
    {
        var uri = new Uri("http://myaccount.queue.core.windows.net/myqueue/messages");

        var empty = SharedKeyPolicy.QueueStringToSign("PUT", uri, DocumentedHeaders, contentLength: 0, "myaccount").Split('\n');
        var sized = SharedKeyPolicy.QueueStringToSign("PUT", uri, DocumentedHeaders, contentLength: 42, "myaccount").Split('\n');

        Assert.Equal("", empty[3]);
        Assert.Equal("42", sized[3]);
    }

    [Fact]
    public void Table_canonicalized_resource_keeps_only_the_comp_parameter_as_documented()
    {
        var uri = new Uri("https://myaccount.blob.core.windows.net/mycontainer?restype=container&comp=metadata");

        Assert.Equal("/myaccount/mycontainer?comp=metadata", SharedKeyPolicy.TableCanonicalizedResource(uri, "myaccount"));
    }

    [Fact]
    public void Table_string_to_sign_is_verb_md5_type_date_and_resource_without_query_options()
    {
        var uri = new Uri("http://127.0.0.1:10002/devstoreaccount1/mytable()?$filter=RowKey%20eq%20'a'&$top=5");
        KeyValuePair<string, string>[] headers =
        [
            .. DocumentedHeaders,
            KeyValuePair.Create("Content-Type", "application/json"),
        ];

        var stringToSign = SharedKeyPolicy.TableStringToSign("GET", uri, headers, "devstoreaccount1");

        // Path-style (emulator) addresses carry the account twice, as the reference notes.
        Assert.Equal($"GET\n\napplication/json\n{DocumentedDate}\n/devstoreaccount1/devstoreaccount1/mytable()", stringToSign);
    }

    [Fact]
    public async Task Azurite_accepts_both_services_signatures_and_refuses_a_wrong_key()
    {
        var signed = StorageConnection.Parse(azurite.ConnectionString);
        var wrongKey = StorageConnection.Parse(azurite.ConnectionString.Replace(
            Azurite.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal));
        var table = TestNames.Table();

        await new TableStorageClient(signed).CreateTableIfNotExistsAsync(table, CancellationToken.None);
        await new StorageQueueTransport(signed).ReceiveAsync(TestNames.Queue(), 1, TimeSpan.FromSeconds(1), CancellationToken.None);
        var tableRefusal = await Assert.ThrowsAsync<RequestFailedException>(
            () => new TableStorageClient(wrongKey).GetAsync(table, "p", "r", CancellationToken.None));
        var queueRefusal = await Assert.ThrowsAsync<RequestFailedException>(
            () => new StorageQueueTransport(wrongKey).ReceiveAsync(TestNames.Queue(), 1, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal(403, tableRefusal.Status);
        Assert.Equal(403, queueRefusal.Status);
        Assert.Equal("AuthenticationFailed", queueRefusal.ErrorCode);
    }
}
