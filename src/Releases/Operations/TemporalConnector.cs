using Release.Releases.Connection;
using Temporalio.Client;

namespace Release.Releases.Operations;

/// <summary>Connects to Temporal, failing within seconds with one line when nobody answers.</summary>
public static class TemporalConnector
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static async Task<ITemporalClient> ConnectAsync(ConnectionSettings settings, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        timeout ??= DefaultTimeout;
        try
        {
            var options = settings.Temporal.ToConnectOptions();
            options.Runtime = QuietRuntime.Instance;
            return await TemporalClient.ConnectAsync(options).WaitAsync(timeout.Value, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw Unreachable(settings, $"no answer within {timeout.Value.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unreachable(settings, Reason(e.Message));
        }
    }

    public static ReleaseOperationException Unreachable(ConnectionSettings settings, string reason) => ReleaseOperationException.Unavailable(
        $"cannot reach Temporal at {settings.Address}{(settings.Temporal.Tls is null ? "" : " over TLS")}: {OneLine(reason)}; is the server running? set TEMPORAL_ADDRESS or --address");

    // The SDK's native layer reports e.g. "Connection failed: Server connection error:
    // tonic::transport::Error(Transport, ConnectError(... ConnectionRefused ...))": keep the gist.
    private static string Reason(string message) =>
        message.Contains("ConnectionRefused", StringComparison.Ordinal) ? "connection refused"
        : message.Contains("dns error", StringComparison.OrdinalIgnoreCase) ? "unknown host"
        : message;

    public static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
