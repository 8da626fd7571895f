using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Release.CircleCi.Tests;

/// <summary>Keeps the warnings logged, rendered, for assertions about what a user would read.</summary>
internal sealed class WarningLog : ILogger
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Warning)
        {
            Warnings.Enqueue(formatter(state, exception));
        }
    }
}
