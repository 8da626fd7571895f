using Release.Activities.Release;
using Release.Workflows.Release;
using Release.Workflows.Release.Reports;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Release.Releases.Operations;

/// <summary>Finds a release by workflow id and reads its state from Temporal (no worker needed).</summary>
public static class ReleaseLookup
{
    /// <summary>How many runs of a release resume reads: each is two calls, and older ones rarely matter.</summary>
    public const int MaxRuns = 50;

    /// <param name="reports">Where whole reports of large stages are read; null: their digests are kept.</param>
    public static async Task<ReleaseState> GetAsync(ITemporalClient client, string workflowId, CancellationToken cancellationToken, ReportStore? reports = null)
    {
        var handle = client.GetWorkflowHandle(workflowId);
        WorkflowExecutionDescription description;
        try
        {
            description = await handle.DescribeAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw ReleaseOperationException.NotFound($"no release with id {workflowId}; `release list` shows the recent ones");
        }

        if (description.WorkflowType != nameof(ReleaseWorkflow))
        {
            throw ReleaseOperationException.NotFound($"workflow {workflowId} is a {description.WorkflowType}, not a release");
        }

        var input = await ReadInputAsync(client, handle, cancellationToken);
        var running = description.Status == WorkflowExecutionStatus.Running;
        var (status, summary, failure) = running
            ? ("running", null, null)
            : await ReadResultAsync(handle, description.Status, cancellationToken);
        if (reports is not null)
        {
            summary = await StoredReports.WholeAsync(summary, workflowId, description.RunId, reports, cancellationToken);
        }

        return new ReleaseState(
            workflowId,
            description.RunId,
            status,
            description.StartTime,
            description.CloseTime,
            input,
            summary,
            failure,
            description.TaskQueue);
    }

    /// <summary>
    /// A release that has ended, for the commands that read its results; a running one is refused
    /// with one line saying when <paramref name="what"/> is ready and where progress is.
    /// </summary>
    public static async Task<ReleaseState> FinishedAsync(
        ITemporalClient client, string workflowId, string what, CancellationToken cancellationToken, ReportStore? reports = null)
    {
        var state = await GetAsync(client, workflowId, cancellationToken, reports);
        return state.IsRunning
            ? throw ReleaseOperationException.Conflict($"release {state.WorkflowId} is still running; {what} is ready when it ends (`release status {state.WorkflowId}` shows progress)")
            : state;
    }

    /// <summary>The summary and outcome of a closed release, from its close event.</summary>
    public static async Task<(string Status, ReleaseSummary? Summary, string? Failure)> ReadResultAsync(
        WorkflowHandle handle, WorkflowExecutionStatus closeStatus, CancellationToken cancellationToken)
    {
        try
        {
            var summary = await handle.GetResultAsync<ReleaseSummary>(followRuns: false, new() { CancellationToken = cancellationToken });
            return (summary.Outcome, summary, null);
        }
        catch (WorkflowFailedException e) when (e.InnerException is ApplicationFailureException { Details.Count: > 0 } failure)
        {
            var summary = failure.Details.ElementAt<ReleaseSummary>(0);
            return (summary.Outcome, summary, failure.Message);
        }
        catch (WorkflowFailedException e)
        {
            // Past Temporal's wrappers ("Activity task failed"), to the failure's own words.
            var cause = e.InnerException is { } inner ? FailureCause.Of(inner) : e.Message;
            var status = closeStatus switch
            {
                WorkflowExecutionStatus.Terminated => "terminated",
                WorkflowExecutionStatus.Canceled => "canceled",
                WorkflowExecutionStatus.TimedOut => "timed_out",
                _ => StageOutcomes.Failed,
            };
            return (status, null, TemporalConnector.OneLine(cause));
        }
    }

    /// <summary>
    /// The closed runs of a release, newest first: <paramref name="latest"/>, then the earlier runs
    /// under the same workflow id from the visibility list (at most <see cref="MaxRuns"/>), each
    /// with its input and stage reports.
    /// </summary>
    /// <param name="reports">Where whole reports of large stages are read; null: their digests are kept.</param>
    public static async Task<IReadOnlyList<ReleaseRun>> ClosedRunsAsync(ITemporalClient client, ReleaseState latest, CancellationToken cancellationToken, ReportStore? reports = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(latest);
        var runs = new List<ReleaseRun> { new(latest.RunId, latest.Input, latest.Summary) };
        var earlier = new List<(string RunId, DateTimeOffset? StartedAt, WorkflowExecutionStatus Status)>();
        var query = $"WorkflowId = '{latest.WorkflowId.Replace("'", "\\'", StringComparison.Ordinal)}'";
        await foreach (var execution in client.ListWorkflowsAsync(query, new() { Limit = MaxRuns + 1, Rpc = new() { CancellationToken = cancellationToken } }))
        {
            if (execution.RunId != latest.RunId && execution.Status != WorkflowExecutionStatus.Running)
            {
                earlier.Add((execution.RunId, execution.StartTime, execution.Status));
            }
        }

        foreach (var (runId, _, status) in earlier.OrderByDescending(e => e.StartedAt).Take(MaxRuns))
        {
            // The SDK's handle reads the result of the id's latest run unless ResultRunId says which.
            var handle = client.GetWorkflowHandle(latest.WorkflowId, runId) with { ResultRunId = runId };
            var input = await ReadInputAsync(client, handle, cancellationToken);
            var (_, digests, _) = await ReadResultAsync(handle, status, cancellationToken);
            var summary = reports is null ? digests : await StoredReports.WholeAsync(digests, latest.WorkflowId, runId, reports, cancellationToken);
            runs.Add(new ReleaseRun(runId, input, summary));
        }

        return runs;
    }

    private static async Task<ReleaseInput> ReadInputAsync(ITemporalClient client, WorkflowHandle handle, CancellationToken cancellationToken)
    {
        await foreach (var started in handle.FetchHistoryEventsAsync(new() { Rpc = new() { CancellationToken = cancellationToken } }))
        {
            var payloads = started.WorkflowExecutionStartedEventAttributes?.Input?.Payloads_;
            if (payloads is { Count: > 0 })
            {
                return await client.Options.DataConverter.ToValueAsync<ReleaseInput>(payloads[0]);
            }

            break;
        }

        throw ReleaseOperationException.Unavailable($"release {handle.Id} has no readable input in its history");
    }
}
