using System.CommandLine;
using Feedback.Core.Clients;
using Feedback.Core.Routing;
using Feedback.Storage.Clients;

namespace Feedback.Cli.Commands;

/// <summary>`feedback keys issue|list|revoke`: API keys of machine clients (counter offices, agency systems), kept hashed.</summary>
public static class KeysCommand
{
    public static Command Create(CliConsole console)
    {
        var storage = StorageOption.Create("Where the keys are kept", recursive: true);

        var name = new Option<string>("--name") { Description = "Who the key is for, e.g. «دفتر پیشخوان ۱۲۳ زنجان»", Required = true };
        var province = new Option<string>("--province") { Description = "The province the client acts in", DefaultValueFactory = _ => Provinces.ZanjanKey };
        var issue = new Command("issue", "Issue a key; it is printed once and stored only as a hash") { name, province };
        issue.SetAction((parse, token) => IssueAsync(console, Store(parse.GetValue(storage)), parse.GetValue(name)!, parse.GetValue(province)!, token));

        var list = new Command("list", "List the clients that have keys");
        list.SetAction((parse, token) => ListAsync(console, Store(parse.GetValue(storage)), token));

        var id = new Argument<string>("id") { Description = "The client id that `keys list` shows" };
        var revoke = new Command("revoke", "Revoke a client's key: its requests are refused from now on") { id };
        revoke.SetAction((parse, token) => RevokeAsync(console, Store(parse.GetValue(storage)), parse.GetValue(id)!, token));

        return new Command("keys", "API keys of counter offices and agency systems") { storage, issue, list, revoke };
    }

    private static TableApiKeyStore Store(string? connectionString) => new(StorageOption.Connect(connectionString).Tables);

    private static async Task<int> IssueAsync(CliConsole console, TableApiKeyStore store, string name, string province, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
            throw new CliException("--name must be 1 to 200 characters");
        if (Provinces.Find(province) is null)
            throw new CliException($"--province '{province}' is not a province key (e.g. zanjan)");
        var (key, hash) = ApiKeys.Create();
        var client = new ApiClient(TableApiKeyStore.ClientIdOf(hash), name.Trim(), province, DateTimeOffset.UtcNow, Revoked: false);
        await StorageOption.Call(() => store.EnsureTableAsync(cancellationToken));
        await StorageOption.Call(() => store.SaveAsync(hash, client, cancellationToken));
        console.Out.WriteLine($"id   {client.Id}");
        console.Out.WriteLine($"key  {key}");
        console.Error.WriteLine("The key is shown only now: give it to the client over a safe channel. Only its hash is stored.");
        return ExitCodes.Success;
    }

    private static async Task<int> ListAsync(CliConsole console, TableApiKeyStore store, CancellationToken cancellationToken)
    {
        await StorageOption.Call(() => store.EnsureTableAsync(cancellationToken));
        var clients = await StorageOption.Call(() => store.ListAsync(cancellationToken));
        console.Out.WriteLine("id\tprovince\tissued\trevoked\tname");
        foreach (var client in clients.OrderBy(client => client.IssuedAt))
            console.Out.WriteLine($"{client.Id}\t{client.Province}\t{client.IssuedAt:yyyy-MM-dd}\t{(client.Revoked ? "yes" : "no")}\t{client.Name}");
        return ExitCodes.Success;
    }

    private static async Task<int> RevokeAsync(CliConsole console, TableApiKeyStore store, string id, CancellationToken cancellationToken)
    {
        await StorageOption.Call(() => store.EnsureTableAsync(cancellationToken));
        if (!await StorageOption.Call(() => store.RevokeAsync(id, cancellationToken)))
            throw new CliException($"no client has id '{id}' (see: feedback keys list)");
        console.Out.WriteLine($"revoked {id}");
        return ExitCodes.Success;
    }
}
