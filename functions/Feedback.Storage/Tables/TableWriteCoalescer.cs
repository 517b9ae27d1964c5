using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Feedback.Storage.Connection;

namespace Feedback.Storage.Tables;

/// <summary>
/// Group commit for small writes to shared partitions (index rows, pending markers): writes to one partition
/// that arrive while a request for it is in flight go together in the next entity group transaction, up to
/// 100. An idle partition's write is sent at once, so batching adds no delay and under load a hundred writes
/// cost one request. A caller's task ends when its own write is stored. When the service refuses a batch
/// (say, one insert finds its row there already) its writes are retried one by one, so one write never fails another.
/// </summary>
public sealed class TableWriteCoalescer
{
    /// <summary>The most actions one entity group transaction may hold.</summary>
    public const int MaxTransactionActions = 100;

    private readonly ConcurrentDictionary<(string Table, string Partition), PartitionQueue> partitions = new();

    /// <summary>Insert-or-replace, or insert-or-merge.</summary>
    public Task UpsertAsync(TableClient table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Enqueue(table, new TableTransactionAction(mode == TableUpdateMode.Merge ? TableTransactionActionType.UpsertMerge : TableTransactionActionType.UpsertReplace, entity));
    }

    /// <summary>Inserts the row unless one with its keys exists: an existing row is kept as it is, and that is fine.</summary>
    public Task InsertIfAbsentAsync(TableClient table, TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Enqueue(table, new TableTransactionAction(TableTransactionActionType.Add, entity));
    }

    /// <summary>Deletes the row whatever its version; a row that is already gone is fine.</summary>
    public Task DeleteAsync(TableClient table, string partitionKey, string rowKey) =>
        Enqueue(table, new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, rowKey), ETag.All));

    private Task Enqueue(TableClient table, TableTransactionAction action)
    {
        ArgumentNullException.ThrowIfNull(table);
        var write = new PendingWrite(action);
        var queue = partitions.GetOrAdd((table.Name, action.Entity.PartitionKey), _ => new PartitionQueue());
        bool startFlush;
        lock (queue)
        {
            queue.Waiting.Add(write);
            startFlush = !queue.Flushing;
            queue.Flushing = true;
        }
        if (startFlush)
            _ = Task.Run(() => FlushAsync(table, queue));
        return write.Done.Task;
    }

    /// <summary>Sends what is waiting, batch after batch, until nothing is; then the next write starts a flush again.</summary>
    private static async Task FlushAsync(TableClient table, PartitionQueue queue)
    {
        while (true)
        {
            List<PendingWrite> batch;
            lock (queue)
            {
                batch = queue.TakeBatch();
                if (batch.Count == 0)
                {
                    queue.Flushing = false;
                    return;
                }
            }
            await WriteAsync(table, batch);
        }
    }

    private static async Task WriteAsync(TableClient table, List<PendingWrite> batch)
    {
        try
        {
            if (batch.Count == 1)
                await WriteOneAsync(table, batch[0].Action);
            else
            {
                using var counted = StorageCaller.ForTransaction(table.Name, "coalesced");
                await table.SubmitTransactionAsync(batch.Select(write => write.Action), CancellationToken.None);
            }
            foreach (var write in batch)
                write.Done.TrySetResult();
        }
        catch (TableTransactionFailedException refused) when (refused.Status == 409 && refused.FailedTransactionActionIndex is { } index && index < batch.Count && batch[index].Action.ActionType == TableTransactionActionType.Add)
        {
            // That insert-if-absent found its row: it is done, and the rest go again together, not one by one.
            batch[index].Done.TrySetResult();
            batch.RemoveAt(index);
            if (batch.Count > 0)
                await WriteAsync(table, batch);
        }
        catch (TableTransactionFailedException)
        {
            foreach (var write in batch)
                await WriteAloneAsync(table, write);
        }
        catch (Exception failure)
        {
            foreach (var write in batch)
                write.Done.TrySetException(failure);
        }
    }

    private static async Task WriteAloneAsync(TableClient table, PendingWrite write)
    {
        try
        {
            await WriteOneAsync(table, write.Action);
            write.Done.TrySetResult();
        }
        catch (Exception failure)
        {
            write.Done.TrySetException(failure);
        }
    }

    private static Task WriteOneAsync(TableClient table, TableTransactionAction action) => action.ActionType switch
    {
        TableTransactionActionType.Delete => table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, action.ETag, CancellationToken.None),
        TableTransactionActionType.Add => table.TryAddAsync(action.Entity, CancellationToken.None),
        TableTransactionActionType.UpsertMerge => table.UpsertEntityAsync(action.Entity, TableUpdateMode.Merge, CancellationToken.None),
        _ => table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, CancellationToken.None),
    };

    private sealed record PendingWrite(TableTransactionAction Action)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class PartitionQueue
    {
        public List<PendingWrite> Waiting { get; } = [];

        public bool Flushing { get; set; }

        /// <summary>
        /// The oldest waiting writes, at most one per row (a transaction touches a row once), in arrival order:
        /// a later write to a row already taken waits for the next batch, so writes to one row keep their order.
        /// </summary>
        public List<PendingWrite> TakeBatch()
        {
            var batch = new List<PendingWrite>();
            var rows = new HashSet<string>(StringComparer.Ordinal);
            var blockedRows = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < Waiting.Count && batch.Count < MaxTransactionActions; index++)
            {
                var row = Waiting[index].Action.Entity.RowKey;
                if (blockedRows.Contains(row) || !rows.Add(row))
                {
                    blockedRows.Add(row);
                    continue;
                }
                batch.Add(Waiting[index]);
            }
            foreach (var write in batch)
                Waiting.Remove(write);
            return batch;
        }
    }
}
