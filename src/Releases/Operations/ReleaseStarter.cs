using Release.Activities.Release;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Releases.Operations;

/// <summary>Starts a release workflow, at most one run per release at a time.</summary>
public static class ReleaseStarter
{
    /// <summary>A real cluster refuses a workflow input over 2 MB (about 16,000 planned components).</summary>
    public const int MaxInputBytes = 2 * 1024 * 1024;

    /// <summary>The size of the input as Temporal receives it.</summary>
    public static int InputBytes(ReleaseInput input) =>
        Temporalio.Converters.DataConverter.Default.PayloadConverter.ToPayload(input).Data.Length;

    /// <param name="warn">Told when the release starts without its search attributes.</param>
    /// <param name="memo">Who or what started it, where the input has no field for that (the Web UI shows the memo).</param>
    public static async Task<WorkflowHandle<ReleaseWorkflow, ReleaseSummary>> StartAsync(
        ITemporalClient client, string taskQueue, ReleaseInput input, Action<string> warn, CancellationToken cancellationToken, IReadOnlyDictionary<string, object>? memo = null)
    {
        var indexed = await TryRegisterSearchAttributesAsync(client, warn, cancellationToken);
        // The id is fixed per release: Temporal refuses a second run while one is running, and
        // allows a new one once the previous run closed.
        var options = ReleaseWorkflowOptions.For(input.Plan, taskQueue, withSearchAttributes: indexed);
        options.Rpc = new() { CancellationToken = cancellationToken };
        options.Memo = memo;
        try
        {
            return await client.StartWorkflowAsync((ReleaseWorkflow wf) => wf.RunAsync(input), options);
        }
        catch (WorkflowAlreadyStartedException)
        {
            throw new ReleaseOperationException(
                $"release {input.Plan.ReleaseName} {input.Plan.ReleaseVersion} is already running as workflow {options.Id}; "
                + $"follow it with `release status {options.Id}` or stop it with `release abort {options.Id} --reason \"...\"`",
                ReleaseRefusal.Conflict)
            { RunningWorkflowId = options.Id };
        }
    }

    // Search attributes make releases findable by version and status; without operator rights
    // (Temporal Cloud, a locked-down cluster) the release still runs, only less findable.
    private static async Task<bool> TryRegisterSearchAttributesAsync(ITemporalClient client, Action<string> warn, CancellationToken cancellationToken)
    {
        try
        {
            await SearchAttributeSetup.EnsureRegisteredAsync(client, cancellationToken);
            return true;
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.PermissionDenied or RpcException.StatusCode.Unimplemented or RpcException.StatusCode.Unauthenticated)
        {
            warn($"starting without search attributes (ReleaseName, ReleaseVersion, ReleaseStatus): cannot register them ({e.Message}); "
                + "ask an operator to create them as Keyword attributes");
            return false;
        }
    }
}
