using Release.Activities.Release;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Releases.Operations;

/// <summary>
/// The calls a follower makes, each turning a Temporal outage into a sentence instead of an
/// error: while Temporal is unreachable the release keeps running on the server, so the follower
/// says so and asks again until Temporal answers.
/// </summary>
public sealed class ReleaseWatch(ITemporalClient client, string workflowId, ReportStore? reports)
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private DateTimeOffset? unreachableSince;

    /// <summary>What the last call found wrong with Temporal; null while it answers.</summary>
    public string? Notice { get; private set; }

    /// <summary>Set once when Temporal answers after an outage; the follower says so and clears it.</summary>
    public string? Recovered { get; set; }

    /// <summary>The workflow's description; null while Temporal is unreachable.</summary>
    public Task<DescribeWorkflowExecutionResponse?> DescribeAsync(CancellationToken cancellationToken) =>
        AttemptAsync(
            () => client.WorkflowService.DescribeWorkflowExecutionAsync(
                new DescribeWorkflowExecutionRequest { Namespace = client.Options.Namespace, Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = workflowId } },
                new() { Timeout = CallTimeout, CancellationToken = cancellationToken }),
            cancellationToken);

    /// <summary>The release's state read in full; null while Temporal is unreachable.</summary>
    public Task<ReleaseState?> StateAsync(CancellationToken cancellationToken) =>
        AttemptAsync(() => ReleaseLookup.GetAsync(client, workflowId, cancellationToken, reports), cancellationToken);

    private async Task<T?> AttemptAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var result = await call();
            if (unreachableSince is { } since)
            {
                Recovered = $"Temporal at {client.Connection.Options.TargetHost} answers again after {(DateTimeOffset.Now - since).TotalSeconds:0} s; following the release";
                unreachableSince = null;
                Notice = null;
            }

            return result;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsOutage(e))
        {
            unreachableSince ??= DateTimeOffset.Now;
            Notice = $"Temporal at {client.Connection.Options.TargetHost} is unreachable since {unreachableSince:HH:mm:ss} ({Reason(e)}); "
                + "the release keeps running on the server; still following, and resuming once Temporal answers (Ctrl+C detaches)";
            return null;
        }
    }

    // Everything that says "the server did not answer", as opposed to "the server said no".
    private static bool IsOutage(Exception e) => e switch
    {
        RpcException rpc => rpc.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded
            or RpcException.StatusCode.Unknown or RpcException.StatusCode.Cancelled or RpcException.StatusCode.Aborted
            or RpcException.StatusCode.Internal or RpcException.StatusCode.ResourceExhausted,
        ReleaseOperationException refused => refused.Refusal == ReleaseRefusal.Unavailable,
        TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    private static string Reason(Exception e) => e is RpcException rpc
        ? $"{rpc.Code}: {TemporalConnector.OneLine(rpc.Message)}"
        : TemporalConnector.OneLine(e.Message);
}
