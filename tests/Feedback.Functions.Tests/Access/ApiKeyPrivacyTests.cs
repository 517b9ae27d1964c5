using System.Net;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Feedback.Core.Clients;
using Feedback.Functions.Tests.Privacy;
using Feedback.Storage.Clients;
using Feedback.Storage.Connection;
using Feedback.Storage.Tables;
using Feedback.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Functions.Tests.Access;

/// <summary>A machine client's API key is stored only as its hash and never written to a log, whether it is accepted or refused.</summary>
[Collection(Azurite.Collection)]
public sealed class ApiKeyPrivacyTests(Azurite azurite) : IDisposable
{
    private readonly FeedbackAppFactory factory = new();
    private readonly CapturingLoggerProvider logs = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_key_is_neither_stored_nor_logged_in_clear()
    {
        factory.Settings["Feedback:StorageConnectionString"] = azurite.ConnectionString;
        using var app = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        using var client = app.CreateClient();
        var tables = StorageClients.FromConnectionString(azurite.ConnectionString).Tables;
        var store = new TableApiKeyStore(tables);
        await store.EnsureTableAsync(CancellationToken.None);
        var (key, hash) = ApiKeys.Create();
        await store.SaveAsync(hash, new ApiClient(TableApiKeyStore.ClientIdOf(hash), "دفتر پیشخوان ۷ زنجان", "zanjan", DateTimeOffset.UtcNow, Revoked: false), CancellationToken.None);
        var mistyped = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');

        foreach (var presented in (string[])[key, mistyped])
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/counter/feedback") { Content = JsonContent.Create(new { items = new[] { new { text = "ارباب رجوع از معطلی در صف گلایه دارد" } } }) };
            request.Headers.Add("X-Api-Key", presented);
            using var response = await client.SendAsync(request);
            Assert.Equal(presented == key ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var stored = new List<TableEntity>();
        await foreach (var row in tables.GetTableClient(TableApiKeyStore.Table).QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
            stored.Add(row);
        var ours = Assert.Single(stored, row => row.RowKey == hash);
        Assert.Equal(ApiKeys.Hash(key), ours.RowKey);
        var secret = key[ApiKeys.Prefix.Length..];
        Assert.DoesNotContain(stored, row => row.PartitionKey.Contains(secret, StringComparison.Ordinal)
            || row.RowKey.Contains(secret, StringComparison.Ordinal)
            || row.Any(property => property.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true));
        var logged = string.Join('\n', logs.Entries.SelectMany(entry => entry.Texts));
        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(mistyped[ApiKeys.Prefix.Length..], logged, StringComparison.Ordinal);
    }
}
