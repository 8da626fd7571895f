using Microsoft.Extensions.Logging;
using Release.Releases.Connection;
using Release.Worker.Settings;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Worker.Hosting;

/// <summary>
/// Connects to Temporal at start, retrying while the server comes up (a compose stack starts the
/// worker and the server together), then checks the namespace exists so a typo fails at once
/// with the setting's name instead of as a worker error later.
/// </summary>
internal sealed partial class TemporalConnector(WorkerSettings settings, ILoggerFactory loggerFactory)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private readonly ILogger logger = loggerFactory.CreateLogger<TemporalConnector>();

    /// <summary>The connected client, or a one-line reason and exit code when it cannot be had.</summary>
    public async Task<(ITemporalClient? Client, string? Problem, int ExitCode)> ConnectAsync(CancellationToken cancellationToken)
    {
        var temporal = settings.Temporal;
        var deadline = DateTimeOffset.UtcNow + settings.ConnectTimeout;
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                var client = await TemporalClient.ConnectAsync(temporal.ToConnectOptions(loggerFactory));
                await client.WorkflowService.DescribeNamespaceAsync(
                    new DescribeNamespaceRequest { Namespace = temporal.Namespace },
                    new() { CancellationToken = cancellationToken });
                return (client, null, 0);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                return (null, $"TEMPORAL_NAMESPACE (Temporal:Namespace) '{temporal.Namespace}' does not exist on {temporal.Address}; create it or pick another.", 2);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var reason = OneLine(e.Message);
                if (DateTimeOffset.UtcNow + delay > deadline)
                {
                    return (null, $"Cannot connect to Temporal at {temporal.Address} (TEMPORAL_ADDRESS) within {settings.ConnectTimeout.TotalSeconds:0}s: {reason}", 1);
                }

                LogRetrying(temporal.Address, reason, delay.TotalSeconds);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Temporal at {Address} is not reachable yet ({Reason}); retrying in {DelaySeconds:0.##}s")]
    private partial void LogRetrying(string address, string reason, double delaySeconds);
}
