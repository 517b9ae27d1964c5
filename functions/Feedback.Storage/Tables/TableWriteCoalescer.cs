using System.Collections.Concurrent;
using Azure;

namespace Feedback.Storage.Tables;

/// <summary>
/// Group commit for small writes to shared partitions (index rows, pending markers): writes to one partition
/// that arrive while a request for it is in flight go together in the next entity group transaction, up to
/// 100. An idle partition's write is sent at once, so batching adds no delay and under load a hundred writes
/// cost one request. A caller's task ends when its own write is stored. When the service refuses a batch
/// (say, one delete finds nothing) its writes are retried one by one, so one write never fails another.
/// </summary>
public sealed class TableWriteCoalescer(TableStorageClient tables)
{
    private readonly ConcurrentDictionary<(string Table, string Partition), PartitionQueue> partitions = new();

    /// <summary>Insert-or-replace, or insert-or-merge.</summary>
    public Task UpsertAsync(string table, TableEntity entity, TableUpdateMode mode = TableUpdateMode.Replace)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Enqueue(table, TableTransactionAction.Upsert(entity, mode));
    }

    /// <summary>Deletes the row whatever its version; a row that is already gone is fine.</summary>
    public Task DeleteAsync(string table, string partitionKey, string rowKey) =>
        Enqueue(table, TableTransactionAction.Delete(partitionKey, rowKey, ETag.All));

    private Task Enqueue(string table, TableTransactionAction action)
    {
        TableNames.ValidateTable(table);
        var write = new PendingWrite(action);
        var queue = partitions.GetOrAdd((table, action.Entity.PartitionKey), _ => new PartitionQueue());
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
    private async Task FlushAsync(string table, PartitionQueue queue)
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

    private async Task WriteAsync(string table, List<PendingWrite> batch)
    {
        try
        {
            if (batch.Count == 1)
                await WriteOneAsync(table, batch[0].Action);
            else
                await tables.SubmitTransactionAsync(table, batch.Select(write => write.Action).ToArray(), CancellationToken.None);
            foreach (var write in batch)
                write.Done.TrySetResult();
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

    private async Task WriteAloneAsync(string table, PendingWrite write)
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

    private Task WriteOneAsync(string table, TableTransactionAction action) => action.Kind switch
    {
        TableTransactionActionKind.Delete => tables.DeleteAsync(table, action.Entity.PartitionKey, action.Entity.RowKey, action.IfMatch, CancellationToken.None),
        TableTransactionActionKind.UpsertMerge => tables.UpsertAsync(table, action.Entity, TableUpdateMode.Merge, CancellationToken.None),
        TableTransactionActionKind.Insert => tables.InsertAsync(table, action.Entity, CancellationToken.None),
        _ => tables.UpsertAsync(table, action.Entity, TableUpdateMode.Replace, CancellationToken.None),
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
            for (var index = 0; index < Waiting.Count && batch.Count < TableStorageClient.MaxTransactionActions; index++)
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
