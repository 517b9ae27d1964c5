namespace Feedback.Storage.Connection;

/// <summary>
/// On whose behalf the storage requests made now are, for the request counter to tell them apart: the pipeline step,
/// named by the edge that starts it (an intake endpoint, a trigger, a part of processing's function), and, for an
/// entity group transaction, whose address names no table, its table and kind of partition, named by the store that
/// sends it. <c>Feedback.Core</c> names none: the rules do not know how their requests are counted. Ambient (an <see cref="AsyncLocal{T}"/>): it follows the awaits of the code that set it, and
/// a task started there, and is undone when the scope is disposed.
/// </summary>
public static class StorageCaller
{
    private static readonly AsyncLocal<string?> step = new();
    private static readonly AsyncLocal<string?> transaction = new();

    /// <summary>The step the requests now are for; null outside any.</summary>
    public static string? Step => step.Value;

    /// <summary>The table and kind of partition of the entity group transaction now being sent, e.g. "FeedbackItems(shard)"; null outside one.</summary>
    public static string? Transaction => transaction.Value;

    /// <summary>Requests from here until the scope ends are counted for <paramref name="name"/>.</summary>
    public static Scope ForStep(string name) => new(step, name);

    /// <summary>A part of the step now (its name after the step's), e.g. "ProcessFeedback by code".</summary>
    public static Scope Within(string part) => new(step, step.Value is { } outer ? $"{outer} {part}" : part);

    /// <summary>The transaction sent within the scope is counted under <paramref name="table"/>(<paramref name="partitionKind"/>) rather than "$batch".</summary>
    public static Scope ForTransaction(string table, string partitionKind) => new(transaction, $"{table}({partitionKind})");

    public readonly struct Scope : IDisposable
    {
        private readonly AsyncLocal<string?> value;
        private readonly string? outer;

        internal Scope(AsyncLocal<string?> value, string name)
        {
            this.value = value;
            outer = value.Value;
            value.Value = name;
        }

        public void Dispose() => value.Value = outer;
    }
}
