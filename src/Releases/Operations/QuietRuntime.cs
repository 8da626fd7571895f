using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Runtime;

namespace Release.Releases.Operations;

/// <summary>
/// The Temporal runtime of the clients (command line, API). The SDK's native core otherwise writes its own log
/// lines (connection warnings while Temporal is down) straight to the console, over the live table;
/// the command says in its own words what is happening, so those lines go nowhere.
/// </summary>
public static class QuietRuntime
{
    private static readonly Lazy<TemporalRuntime> Quiet = new(() => new TemporalRuntime(new TemporalRuntimeOptions
    {
        Telemetry = new TelemetryOptions
        {
            Logging = new LoggingOptions { Forwarding = new LogForwardingOptions { Logger = NullLogger.Instance } },
        },
    }));

    public static TemporalRuntime Instance => Quiet.Value;
}
