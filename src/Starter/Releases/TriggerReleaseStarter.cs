using Release.Activities.Release;
using Release.Events.Triggers;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Release.Starter.Releases;

/// <summary>What became of one trigger's start request.</summary>
public enum TriggerStartStatus
{
    Started,

    /// <summary>A release with the request's workflow id exists or existed: this event was handled before.</summary>
    AlreadyStarted,

    /// <summary>The request cannot start a release (bad manifest, nothing to release): retrying would not help.</summary>
    Refused,
}

public sealed record TriggerStartOutcome(TriggerStartStatus Status, string WorkflowId, string? Reason = null);

/// <summary>
/// Starts the release a trigger asks for, as <c>release start</c> would, under the workflow id
/// derived from the trigger and the event. Id reuse is refused even after that run closed, so a
/// redelivered event, however late, never starts a second release.
/// </summary>
/// <remarks>Temporal failures are thrown, for the caller to retry the message later.</remarks>
public sealed class TriggerReleaseStarter(ITemporalClient client, string taskQueue, Action<string> warn)
{
    private bool? indexed;

    public async Task<TriggerStartOutcome> StartAsync(TriggerStartRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReleaseInput input;
        try
        {
            input = Input(request);
        }
        catch (CliException e)
        {
            return new TriggerStartOutcome(TriggerStartStatus.Refused, request.WorkflowId, e.Message);
        }

        indexed ??= await TryRegisterSearchAttributesAsync(cancellationToken);
        var options = ReleaseWorkflowOptions.For(input.Plan, taskQueue, withSearchAttributes: indexed.Value);
        options.Id = request.WorkflowId;
        options.IdReusePolicy = Temporalio.Api.Enums.V1.WorkflowIdReusePolicy.RejectDuplicate;
        options.IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.Fail;

        // Who started it: the release input has no such field, so the memo says (the Web UI shows it).
        options.Memo = new Dictionary<string, object>
        {
            ["triggered_by"] = $"trigger {request.Trigger} on {request.EventType} {request.EventId}",
        };
        options.Rpc = new() { CancellationToken = cancellationToken };
        try
        {
            await client.StartWorkflowAsync((ReleaseWorkflow wf) => wf.RunAsync(input), options);
            return new TriggerStartOutcome(TriggerStartStatus.Started, request.WorkflowId);
        }
        catch (WorkflowAlreadyStartedException)
        {
            return new TriggerStartOutcome(TriggerStartStatus.AlreadyStarted, request.WorkflowId);
        }
    }

    /// <summary>Whether a failed call is Temporal being away (retry the message) rather than refusing it.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        RpcException rpc => rpc.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded or RpcException.StatusCode.ResourceExhausted
            or RpcException.StatusCode.Aborted or RpcException.StatusCode.Internal or RpcException.StatusCode.Unknown or RpcException.StatusCode.Cancelled,
        TimeoutException => true,

        // What a client not connected yet throws when the server does not answer.
        InvalidOperationException => e.Message.StartsWith("Connection failed", StringComparison.Ordinal),
        _ => false,
    };

    private static ReleaseInput Input(TriggerStartRequest request)
    {
        var manifest = ManifestLoader.Load(request.Manifest);
        var plan = ExecutionPlanner.Build(manifest, new PlanOptions
        {
            Branch = request.Branch,
            Parameters = PipelineParameters.Parse(request.Parameters.Select(p => $"{p.Key}={p.Value}")),
        });
        if (plan.Stages.Count == 0)
        {
            throw CliException.Usage($"{request.Manifest}: nothing to release; set the versions to release in the manifest");
        }

        var unbranched = plan.Stages.SelectMany(s => s.Components).Where(c => c.Branch is null).Select(c => c.Name).ToList();
        if (unbranched.Count > 0)
        {
            throw CliException.Usage($"no branch for {string.Join(", ", unbranched.Take(3))}{(unbranched.Count > 3 ? "..." : "")}; give the trigger a start.branch");
        }

        return new ReleaseInput(plan, new ReleaseSettings(Branch: request.Branch, DryRun: request.DryRun));
    }

    // As `release start`: without the rights to register them, releases still start, less findable.
    private async Task<bool> TryRegisterSearchAttributesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SearchAttributeSetup.EnsureRegisteredAsync(client, cancellationToken);
            return true;
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.PermissionDenied or RpcException.StatusCode.Unimplemented or RpcException.StatusCode.Unauthenticated)
        {
            warn($"starting without search attributes: cannot register them ({e.Message}); ask an operator to create them as Keyword attributes");
            return false;
        }
    }
}
