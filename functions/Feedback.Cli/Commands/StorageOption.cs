using System.CommandLine;
using Feedback.Storage.Connection;

namespace Feedback.Cli.Commands;

/// <summary>The --storage option of the commands that talk to the app's tables: an explicit connection string, else $FEEDBACK_STORAGE, else the local Azurite.</summary>
internal static class StorageOption
{
    public const string Variable = "FEEDBACK_STORAGE";

    public static Option<string?> Create(string purpose, bool recursive = false) => new("--storage")
    {
        Description = $"{purpose}: a storage connection string. Default: ${Variable}, else the local Azurite (UseDevelopmentStorage=true)",
        Recursive = recursive,
    };

    public static StorageClients Connect(string? connectionString)
    {
        try
        {
            return StorageClients.FromConnectionString(connectionString ?? Environment.GetEnvironmentVariable(Variable) ?? "UseDevelopmentStorage=true");
        }
        catch (FormatException invalid)
        {
            throw new CliException(invalid.Message);
        }
    }

    public static async Task Call(Func<Task> call) => await Call(async () => { await call(); return true; });

    /// <summary>Storage that cannot be reached is a clear one-line error, not a stack trace.</summary>
    public static async Task<T> Call<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception unavailable) when (unavailable is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new CliException($"storage could not be reached: {unavailable.Message.Split('\n')[0]} (is Azurite running? ./feedback run starts it)");
        }
    }
}
