using System.Linq.Expressions;
using Release.Workflows.Release;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Releases.Operations;

/// <summary>
/// Sends an operator's Update (decide, approve, pause, unpause) to a running release and returns
/// the release's answer. A request the release's validator rejects comes back as that reason, in
/// one line: the release did not change, and nothing was written to its history.
/// </summary>
public static class OperatorUpdates
{
    /// <summary>How long to wait for a worker to take the Update: without one it would wait forever.</summary>
    public static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Who asks: <c>--as</c>, else the identity the client connected with (Temporal's default, pid@host).</summary>
    public static string Who(ITemporalClient client, string? given)
    {
        ArgumentNullException.ThrowIfNull(client);
        return given ?? client.Connection.Options.Identity
            ?? $"{Environment.ProcessId}@{System.Net.Dns.GetHostName()}";
    }

    /// <param name="update">The Update to execute.</param>
    /// <param name="name">The command's name, for the messages (decide, approve...).</param>
    public static async Task<string> ExecuteAsync(
        ITemporalClient client, ReleaseState state, Expression<Func<ReleaseWorkflow, Task<string>>> update, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsRunning)
        {
            throw ReleaseOperationException.Conflict($"release {state.WorkflowId} already ended ({state.Status}); there is nothing to {name}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WorkerTimeout);
        try
        {
            return await client.GetWorkflowHandle<ReleaseWorkflow>(state.WorkflowId).ExecuteUpdateAsync(
                update,
                new WorkflowUpdateOptions { Rpc = new() { CancellationToken = timeout.Token } });
        }
        catch (WorkflowUpdateFailedException e)
        {
            // The validator's (or the handler's) own words: what cannot be done now, and why.
            var reason = e.InnerException is ApplicationFailureException failure ? failure.Message : FailureCause.Of(e);
            throw ReleaseOperationException.Conflict($"{name} refused by release {state.WorkflowId}: {TemporalConnector.OneLine(reason)}");
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw ReleaseOperationException.Conflict($"release {state.WorkflowId} ended before the {name} request reached it; `release status {state.WorkflowId}` shows how");
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw ReleaseOperationException.Unavailable(
                $"no worker answered the {name} request within {WorkerTimeout.TotalSeconds:0} s; is the release worker running? "
                + $"The request may still apply once one polls: `release status {state.WorkflowId}` shows whether it did");
        }
    }
}
