using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Feedback.Kavenegar.Tests.Support;

/// <summary>One log line as written: its category, level, formatted message, structured values and exception.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string Values, string? Exception)
{
    /// <summary>Everything a log sink could store from this line.</summary>
    public string Everything => $"{Category} {Level} {Message} {Values} {Exception}";
}

/// <summary>Keeps every log line written through it, from every category, at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : "";
            entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
