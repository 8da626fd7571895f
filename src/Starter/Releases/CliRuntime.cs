using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Runtime;

namespace Release.Starter.Releases;

/// <summary>
/// The Temporal runtime of the command line. The SDK's native core otherwise writes its own log
/// lines (connection warnings while Temporal is down) straight to the console, over the live table;
/// the command says in its own words what is happening, so those lines go nowhere.
/// </summary>
internal static class CliRuntime
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
