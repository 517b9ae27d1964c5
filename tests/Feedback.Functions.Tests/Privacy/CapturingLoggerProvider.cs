using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Feedback.Functions.Tests.Privacy;

/// <summary>One log entry as a logging provider receives it: the formatted message, every structured value, the exception and the scopes around it.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string>> State,
    string? Exception,
    IReadOnlyList<KeyValuePair<string, string>> Scopes)
{
    /// <summary>What an exporter writes of the entry itself: message, structured values and exception (scopes apart).</summary>
    public IEnumerable<string> Texts =>
        State.Select(pair => pair.Value).Prepend(Message).Concat(Exception is null ? [] : [Exception]);

    public string? ScopeValue(string name) => Scopes.LastOrDefault(pair => pair.Key == name).Value;

    public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : " | " + Exception.Split('\n')[0])}";
}

/// <summary>
/// A logging provider that keeps every entry it is given, with its structured state and scopes. Register it with
/// <see cref="AddTo"/>: its own filter rule lets every level through whatever the app's configuration says.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. entries];

    /// <summary>Adds the provider to <paramref name="logging"/>, receiving <paramref name="minimum"/> and above from every category.</summary>
    public void AddTo(ILoggingBuilder logging, LogLevel minimum)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.AddProvider(this);
        logging.AddFilter<CapturingLoggerProvider>(category: null, level: minimum);
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static KeyValuePair<string, string>[] Pairs(object? state)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            return pairs.Select(pair => new KeyValuePair<string, string>(pair.Key, Text(pair.Value))).ToArray();
        return state is null ? [] : [new KeyValuePair<string, string>("Scope", Text(state))];
    }

    /// <summary>A value as an exporter would write it; a collection as its elements.</summary>
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        IEnumerable many => string.Join(", ", many.Cast<object?>().Select(Text)),
        _ => value.ToString() ?? string.Empty,
    };

    private sealed class CapturingLogger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, string>>();
            provider.scopes.ForEachScope((scope, list) => list.AddRange(Pairs(scope)), scopes);
            provider.entries.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), Pairs(state), exception?.ToString(), scopes));
        }
    }
}
