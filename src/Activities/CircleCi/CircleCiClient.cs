using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Release.Workflows.CircleCi;

namespace Release.Activities.CircleCi;

/// <summary>
/// A typed client for the CircleCI API v2 calls the orchestrator makes, and the one v1.1 call
/// that has step output. Each method is one request (list methods follow next_page_token;
/// GetFailedStepAsync also downloads the step's output); failures surface as
/// <see cref="CircleCiRetryableException"/>, <see cref="CircleCiRequestException"/> or
/// <see cref="CircleCiUnreadableAnswerException"/>, never retried here (see
/// <see cref="CircleCiTransport"/> for why). Answers are read as CircleCI really writes them: see
/// README.md next to this file for what is required and what may be absent.
/// </summary>
public sealed partial class CircleCiClient
{
    // A runaway guard: CircleCI pages are 20-100 items, so this is far beyond any real list.
    private const int MaxPages = 1000;

    // How far back FindRecentPipelinesAsync pages before giving up; recent pipelines are on page one.
    private const int MaxRecentPages = 10;

    /// <summary>How much of a step's output <see cref="GetFailedStepAsync"/> reads; its tail is kept.</summary>
    public const int MaxStepOutputBytes = 4 * 1024 * 1024;

    // A report shows a screenful; more is what the job's web page is for.
    private const int MaxTailLines = 1000;

    private readonly CircleCiTransport transport;
    private readonly CircleCiTransport v1Transport;
    private readonly StepOutputReader stepOutput;
    private readonly CircleCiLog log;

    // Each unknown status value is worth one warning per client, not one per poll; the bound keeps a
    // CircleCI that invents values without end from growing the set without end.
    private const int MaxUnknownValuesRemembered = 100;
    private readonly ConcurrentDictionary<string, bool> unknownValuesSeen = new(StringComparer.Ordinal);

    /// <param name="logger">For warnings about answers read only in part; by default the current
    /// activity's logger.</param>
    public CircleCiClient(HttpClient httpClient, CircleCiClientOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        log = new CircleCiLog(logger);
        var clock = timeProvider ?? TimeProvider.System;
        transport = new CircleCiTransport(httpClient, options, clock, log);
        v1Transport = new CircleCiTransport(httpClient, options with { BaseUrl = CircleCiPaths.V1Root(options.BaseUrl) }, clock, log);
        stepOutput = new StepOutputReader(httpClient, options, clock, new StepOutputRedactor(options.Token));
    }

    /// <summary>POST project/{slug}/pipeline: starts a pipeline on the branch with the given parameters.</summary>
    /// <remarks>Not idempotent: when an attempt fails without an answer, the pipeline may exist anyway;
    /// look for it with <see cref="FindRecentPipelinesAsync"/> before triggering again.</remarks>
    public Task<CircleCiPipelineCreated> TriggerPipelineAsync(
        string projectSlug,
        string branch,
        IReadOnlyDictionary<string, object?>? parameters = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        var body = new TriggerPipelineBody(branch, parameters is { Count: > 0 } ? parameters : null);
        return transport.SendAsync<CircleCiPipelineCreated>(
            HttpMethod.Post, $"project/{CircleCiPaths.Slug(projectSlug)}/pipeline", body, cancellationToken);
    }

    /// <summary>GET pipeline/{id}.</summary>
    public async Task<CircleCiPipeline> GetPipelineAsync(string pipelineId, CancellationToken cancellationToken = default)
    {
        var pipeline = await transport.SendAsync<CircleCiPipeline>(HttpMethod.Get, $"pipeline/{CircleCiPaths.Id(pipelineId)}", null, cancellationToken);
        WarnIfUnknown("pipeline state", pipeline.State, CircleCiValues.ParsePipelineState(pipeline.State) != PipelineState.Unknown);
        return pipeline;
    }

    /// <summary>GET project/{slug}/pipeline?branch=: one page, newest pipelines first.</summary>
    public Task<CircleCiPage<CircleCiPipeline>> ListPipelinesAsync(
        string projectSlug,
        string? branch,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        var path = CircleCiPaths.WithQuery(
            $"project/{CircleCiPaths.Slug(projectSlug)}/pipeline", ("branch", branch), ("page-token", pageToken));
        return transport.SendAsync<CircleCiPage<CircleCiPipeline>>(HttpMethod.Get, path, null, cancellationToken);
    }

    /// <summary>
    /// The project's pipelines (on one branch when given) created at or after
    /// <paramref name="createdSince"/>, newest first. A retried trigger uses this to find the
    /// pipeline its earlier attempt created. CircleCI does not echo pipeline parameters back, so
    /// match on <see cref="CircleCiPipeline.Trigger"/> (type "api", actor login), the branch and
    /// the creation time; pass a <paramref name="createdSince"/> a little before the first attempt
    /// to absorb clock skew.
    /// </summary>
    public async Task<IReadOnlyList<CircleCiPipeline>> FindRecentPipelinesAsync(
        string projectSlug,
        string? branch,
        DateTimeOffset createdSince,
        CancellationToken cancellationToken = default)
    {
        var found = new List<CircleCiPipeline>();
        string? token = null;
        for (var page = 0; page < MaxRecentPages; page++)
        {
            var result = await ListPipelinesAsync(projectSlug, branch, token, cancellationToken);
            found.AddRange(result.Items.Where(p => p.CreatedAt >= createdSince));
            // The list is newest first: once a page reaches older pipelines, later pages are older still.
            var reachedOlder = result.Items.Any(p => p.CreatedAt < createdSince);
            token = result.NextPageToken;
            if (reachedOlder || string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return found;
    }

    /// <summary>GET pipeline/{id}/workflow, all pages.</summary>
    public async Task<IReadOnlyList<CircleCiWorkflow>> GetWorkflowsAsync(string pipelineId, CancellationToken cancellationToken = default)
    {
        var workflows = await GetAllPagesAsync<CircleCiWorkflow>($"pipeline/{CircleCiPaths.Id(pipelineId)}/workflow", cancellationToken);
        foreach (var workflow in workflows)
        {
            WarnIfUnknown(workflow);
        }

        return workflows;
    }

    /// <summary>GET workflow/{id}.</summary>
    public async Task<CircleCiWorkflow> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        var workflow = await transport.SendAsync<CircleCiWorkflow>(HttpMethod.Get, $"workflow/{CircleCiPaths.Id(workflowId)}", null, cancellationToken);
        WarnIfUnknown(workflow);
        return workflow;
    }

    /// <summary>GET workflow/{id}/job, all pages.</summary>
    public Task<IReadOnlyList<CircleCiJob>> GetJobsAsync(string workflowId, CancellationToken cancellationToken = default) =>
        GetAllPagesAsync<CircleCiJob>($"workflow/{CircleCiPaths.Id(workflowId)}/job", cancellationToken);

    /// <summary>GET project/{slug}/job/{number}: web link, duration, executor, parallel runs.</summary>
    public Task<CircleCiJobDetails> GetJobDetailsAsync(string projectSlug, long jobNumber, CancellationToken cancellationToken = default) =>
        transport.SendAsync<CircleCiJobDetails>(
            HttpMethod.Get, $"project/{CircleCiPaths.Slug(projectSlug)}/job/{jobNumber}", null, cancellationToken);

    /// <summary>
    /// Why a job failed: its first failed step (failed, or a non-zero exit code; the first parallel
    /// run that failed), that step's exit code and the last <paramref name="maxLines"/> lines of its
    /// output, secrets masked. API v2 has no step output: this asks API v1.1
    /// (GET /api/v1.1/project/{vcs}/{org}/{repo}/{number}, same token), then downloads the
    /// step's output from the signed link it gives, without the token, at most
    /// <see cref="MaxStepOutputBytes"/>.
    /// </summary>
    /// <returns>Null when no step of the job failed (it succeeded, or still runs).</returns>
    public async Task<CircleCiFailedStep?> GetFailedStepAsync(
        string projectSlug,
        long jobNumber,
        int maxLines = 50,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLines, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLines, MaxTailLines);
        var job = await v1Transport.SendAsync<CircleCiV1Job>(
            HttpMethod.Get, $"project/{CircleCiPaths.V1Project(projectSlug)}/{jobNumber}", null, cancellationToken);
        var failed = job.Steps
            .SelectMany(step => step.Actions.Select(action => (step, action)))
            .FirstOrDefault(s => s.action.IsFailure());
        if (failed.action is null)
        {
            return null;
        }

        var (step, action) = failed;
        var output = string.IsNullOrWhiteSpace(action.OutputUrl)
            ? StepOutput.Unavailable("CircleCI listed no output for this step")
            : await stepOutput.ReadTailAsync(
                action.OutputUrl, $"step output of job {jobNumber}", maxLines, MaxStepOutputBytes, cancellationToken);
        var name = step.Name.Length > 0 ? step.Name : action.Name;
        return new CircleCiFailedStep
        {
            StepName = transport.Redact(name),
            ExitCode = action.ExitCode,
            ParallelIndex = action.Index,
            Status = action.Status,
            OutputTail = output.Lines,
            OutputCut = output.Cut,
            OutputUnavailable = output.Problem,
        };
    }

    /// <summary>POST workflow/{id}/cancel (202).</summary>
    public Task CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(HttpMethod.Post, $"workflow/{CircleCiPaths.Id(workflowId)}/cancel", null, cancellationToken);

    /// <summary>
    /// POST workflow/{id}/rerun: re-runs the workflow inside its pipeline, keeping CircleCI's
    /// lineage; with <paramref name="fromFailed"/> only its failed jobs and what depends on them.
    /// </summary>
    /// <returns>The id of the new workflow (the old one keeps its status).</returns>
    /// <remarks>Not idempotent: when an attempt fails without an answer, the rerun may exist anyway;
    /// the pipeline's workflow list (<see cref="GetWorkflowsAsync"/>) then holds it.</remarks>
    public async Task<string> RerunWorkflowAsync(string workflowId, bool fromFailed = true, CancellationToken cancellationToken = default)
    {
        var rerun = await transport.SendAsync<CircleCiWorkflowRerun>(
            HttpMethod.Post, $"workflow/{CircleCiPaths.Id(workflowId)}/rerun", new RerunWorkflowBody(fromFailed), cancellationToken);
        return rerun.WorkflowId;
    }

    /// <summary>POST workflow/{id}/approve/{approval_request_id} (202): releases an on_hold approval job.</summary>
    public Task ApproveJobAsync(string workflowId, string approvalRequestId, CancellationToken cancellationToken = default) =>
        transport.SendAsync(
            HttpMethod.Post,
            $"workflow/{CircleCiPaths.Id(workflowId)}/approve/{CircleCiPaths.Id(approvalRequestId)}",
            null,
            cancellationToken);

    private async Task<IReadOnlyList<T>> GetAllPagesAsync<T>(string path, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await transport.SendAsync<CircleCiPage<T>>(
                HttpMethod.Get, CircleCiPaths.WithQuery(path, ("page-token", token)), null, cancellationToken);
            items.AddRange(result.Items);
            token = result.NextPageToken;
            if (string.IsNullOrEmpty(token))
            {
                return items;
            }

            if (!seenTokens.Add(token))
            {
                break;
            }
        }

        // A token that repeats or never ends is a server-side fault, as far as we can tell transient.
        throw new CircleCiRetryableException($"CircleCI {CircleCiTransport.Describe(HttpMethod.Get, path)} kept returning pages without an end.", null, null, null);
    }

    private void WarnIfUnknown(CircleCiWorkflow workflow) =>
        WarnIfUnknown("workflow status", workflow.Status, CircleCiValues.ParseWorkflowStatus(workflow.Status) != CircleCiWorkflowStatus.Unknown);

    // An absent value needs no warning: the answer reader already reported it if it was unreadable.
    private void WarnIfUnknown(string what, string value, bool known)
    {
        if (!known && value.Length > 0 && unknownValuesSeen.Count < MaxUnknownValuesRemembered && unknownValuesSeen.TryAdd($"{what}:{value}", true))
        {
            log.Warn(
                "CircleCI answered the {What} {Value}, which this client does not know; it is treated as not finished",
                what,
                transport.Redact(AnswerWords.Shorten(value)));
        }
    }

    // CircleCI refuses from_failed together with jobs; this client only re-runs from the failed jobs.
    private sealed record RerunWorkflowBody(bool FromFailed);

    private sealed record TriggerPipelineBody(string Branch, IReadOnlyDictionary<string, object?>? Parameters);
}
