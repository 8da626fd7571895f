using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Release.Worker.Hosting;

/// <summary>
/// The worker's loggers for a small embedded web host (the webhook receiver), minus the hosting
/// infrastructure's own: it logs a port in use as "Hosting failed to start" with a stack trace,
/// which the worker already reports as one line naming the setting to change.
/// </summary>
internal sealed class QuietHostingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal)
            ? NullLogger.Instance
            : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    // The inner factory belongs to the worker's host, which disposes it.
    public void Dispose()
    {
    }
}
