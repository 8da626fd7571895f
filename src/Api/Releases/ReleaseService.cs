using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Release.Activities.Release;
using Release.Api.Auth;
using Release.Releases.Connection;
using Release.Releases.Operations;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;

namespace Release.Api.Releases;

/// <summary>
/// The release operations behind the endpoints, through the same <c>Releases</c> calls as the
/// command line (start, lookup, Updates, resume planning), so both say and check the same things.
/// Product restrictions of the caller are enforced here, once for every endpoint.
/// </summary>
public sealed class ReleaseService(ITemporalClient client, ConnectionSettings connection, ReportStore reports, string? repository)
{
    public const int MaxPageSize = 200;

    // ReleaseWorkflow.AbortAsync's signal name.

    public ConnectionSettings Connection => connection;

    public async Task<ReleaseState> StartAsync(StartReleaseRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var (manifest, source) = ReadManifest(request);
        var plan = ExecutionPlanner.Build(manifest, new PlanOptions
        {
            Branch = request.Branch,
            Parameters = request.Parameters ?? new Dictionary<string, JsonElement>(),
        });
        Refuse(caller, plan.ReleaseName);
        var settings = new ReleaseSettings(
            Branch: request.Branch,
            Watch: request.PollIntervalSeconds is { } seconds ? WatchOf(seconds) : null,
            DryRun: request.DryRun,
            OnFailure: OnFailureOf(request.OnFailure),
            ApproveBeforeStages: request.ApproveBeforeStages is { Length: > 0 } stages ? stages : null,
            PublishEvents: request.PublishEvents ? null : false);
        var input = ReleaseRequests.Prepare(plan, settings, source, request.AllowEmpty);
        var handle = await ReleaseStarter.StartAsync(client, connection.TaskQueue, input, _ => { }, cancellationToken);
        return await ReleaseLookup.GetAsync(client, handle.Id, cancellationToken);
    }

    public async Task<ReleaseState> GetAsync(string workflowId, Caller caller, CancellationToken cancellationToken)
    {
        var state = await ReleaseLookup.GetAsync(client, workflowId, cancellationToken, reports);
        Refuse(caller, state.Input.Plan.ReleaseName);
        return state;
    }

    /// <summary>The progress query of a running release; null when it closed meanwhile (then the reports tell).</summary>
    public async Task<ReleaseProgress?> ProgressAsync(string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetWorkflowHandle<ReleaseWorkflow>(workflowId).QueryAsync(
                wf => wf.GetProgress(), new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (WorkflowQueryFailedException)
        {
            return null;
        }
    }

    public async Task<ReleaseList> ListAsync(string? product, string? version, string? status, int pageSize, string? pageToken, Caller caller, CancellationToken cancellationToken)
    {
        var clauses = new List<string> { $"WorkflowType = '{nameof(ReleaseWorkflow)}'" };
        if (product is not null)
        {
            clauses.Add($"{ReleaseSearchAttributes.Name.Name} = '{Quote(product)}'");
        }

        if (version is not null)
        {
            clauses.Add($"{ReleaseSearchAttributes.Version.Name} = '{Quote(version)}'");
        }

        if (status is not null)
        {
            clauses.Add(StatusClause(status));
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            throw ReleaseOperationException.Invalid($"pageSize {pageSize} must be between 1 and {MaxPageSize}");
        }

        var request = new ListWorkflowExecutionsRequest
        {
            Namespace = client.Options.Namespace,
            PageSize = pageSize,
            Query = string.Join(" AND ", clauses),
            NextPageToken = pageToken is null ? ByteString.Empty : PageToken(pageToken),
        };
        var page = await client.WorkflowService.ListWorkflowExecutionsAsync(request, new() { CancellationToken = cancellationToken });
        var items = new List<ReleaseListItem>();
        foreach (var execution in page.Executions)
        {
            var name = Memo(execution, "release");
            var fields = execution.SearchAttributes?.IndexedFields;
            var releaseName = fields is not null && fields.TryGetValue(ReleaseSearchAttributes.Name.Name, out var n) ? Text(n) : null;

            // A release whose product is not indexed is shown only to callers of every product.
            if (releaseName is null ? caller.Products.Count > 0 : !caller.MayTouch(releaseName))
            {
                continue;
            }

            var releaseVersion = fields is not null && fields.TryGetValue(ReleaseSearchAttributes.Version.Name, out var v) ? Text(v) : null;
            var running = execution.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running;
            var memoStatus = Memo(execution, "status");
            var started = execution.StartTime?.ToDateTimeOffset();
            var closed = execution.CloseTime?.ToDateTimeOffset();
            items.Add(new ReleaseListItem(
                execution.Execution.WorkflowId,
                execution.Execution.RunId,
                releaseName ?? name,
                releaseVersion,
                running ? "running" : memoStatus is { Length: > 0 } and not "running" ? memoStatus : execution.Status.ToString().ToLowerInvariant(),
                started,
                closed,
                started is { } s && closed is { } c ? (c - s).TotalSeconds : null));
        }

        var next = page.NextPageToken.IsEmpty ? null : Convert.ToBase64String(page.NextPageToken.ToByteArray()).Replace('+', '-').Replace('/', '_');
        return new ReleaseList(items, next);
    }

    public async Task AbortAsync(string workflowId, AbortBody body, Caller caller, CancellationToken cancellationToken)
    {
        var reason = Reason(body.Reason);
        var state = await GetAsync(workflowId, caller, cancellationToken);
        await ReleaseAborts.RequestAsync(client, state, new AbortRequest(reason, body.CancelPipelines, caller.Name), cancellationToken);
    }

    public async Task<(ReleaseState State, string Message)> DecideAsync(string workflowId, DecisionBody body, Caller caller, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DecisionAction>(body.Action, ignoreCase: true, out var action) || !Enum.IsDefined(action))
        {
            throw ReleaseOperationException.Invalid($"action '{body.Action}' is not one of retry, skip, abort");
        }

        if (string.IsNullOrWhiteSpace(body.Component))
        {
            throw ReleaseOperationException.Invalid("component is required: name the failed component the decision is about (GET the release: waiting lists them)");
        }

        var request = new DecisionRequest(body.Component.Trim(), action, Reason(body.Reason), caller.Name, body.RerunFailed);
        var state = await GetAsync(workflowId, caller, cancellationToken);
        return (state, await OperatorUpdates.ExecuteAsync(client, state, wf => wf.DecideAsync(request), ReleaseUpdates.Decide, cancellationToken));
    }

    public async Task<(ReleaseState State, string Message)> ApproveAsync(string workflowId, ApprovalBody body, Caller caller, CancellationToken cancellationToken)
    {
        var request = new ApprovalRequest(Reason(body.Reason), caller.Name, body.Stage);
        var state = await GetAsync(workflowId, caller, cancellationToken);
        return (state, await OperatorUpdates.ExecuteAsync(client, state, wf => wf.ApproveAsync(request), ReleaseUpdates.Approve, cancellationToken));
    }

    public async Task<(ReleaseState State, string Message)> PauseAsync(string workflowId, ReasonBody body, bool unpause, Caller caller, CancellationToken cancellationToken)
    {
        var request = new PauseRequest(Reason(body.Reason), caller.Name);
        var state = await GetAsync(workflowId, caller, cancellationToken);
        var message = unpause
            ? await OperatorUpdates.ExecuteAsync(client, state, wf => wf.UnpauseAsync(request), ReleaseUpdates.Unpause, cancellationToken)
            : await OperatorUpdates.ExecuteAsync(client, state, wf => wf.PauseAsync(request), ReleaseUpdates.Pause, cancellationToken);
        return (state, message);
    }

    /// <summary>A new run of a failed or aborted release, reusing what succeeded (as <c>release resume</c> without a manifest).</summary>
    public async Task<(ReleaseState State, ResumePlan Plan)> ResumeAsync(string workflowId, ResumeBody body, Caller caller, CancellationToken cancellationToken)
    {
        var order = new ResumeOrder(caller.Name, Reason(body.Reason), body.Only?.ToList(), body.FromStage, body.RerunFailed);
        var state = await GetAsync(workflowId, caller, cancellationToken);
        var resumed = await ReleaseResumes.StartAsync(client, state, order, connection.TaskQueue, _ => { }, reports, cancellationToken);
        return (await ReleaseLookup.GetAsync(client, workflowId, cancellationToken), resumed.Plan);
    }

    private static void Refuse(Caller caller, string product)
    {
        if (!caller.MayTouch(product))
        {
            throw new ForbiddenProductException(product);
        }
    }

    private (ReleaseManifest Manifest, string Source) ReadManifest(StartReleaseRequest request)
    {
        byte[] bytes;
        string? source;
        if (request.Manifest is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } inline)
        {
            if (request.ManifestPath is not null)
            {
                throw ReleaseOperationException.Invalid("give the manifest either inline (manifest) or as a path (manifestPath), not both");
            }

            // A string is the file's text as is (its errors' lines and columns are the file's); an object is the document itself.
            bytes = Encoding.UTF8.GetBytes(inline.ValueKind == JsonValueKind.String ? inline.GetString()! : inline.GetRawText());
            source = null;
        }
        else if (request.ManifestPath is { Length: > 0 } path)
        {
            bytes = File.ReadAllBytes(RepositoryFile(path));
            source = path;
        }
        else
        {
            throw ReleaseOperationException.Invalid("the body names no manifest: give manifest (a release.json document) or manifestPath (a path in the release repository)");
        }

        var parsed = ManifestParser.Parse(bytes);
        if (!parsed.IsValid)
        {
            var more = parsed.Errors.Count > 1 ? $" (and {parsed.Errors.Count - 1} more, in errors)" : "";
            throw new InvalidManifestException($"invalid manifest{(source is null ? "" : $" {source}")}: {parsed.Errors[0]}{more}", parsed.Errors);
        }

        return (parsed.Manifest, source ?? "manifest");
    }

    private string RepositoryFile(string path)
    {
        if (repository is null)
        {
            throw ReleaseOperationException.Invalid("manifestPath needs a release repository, and this API has none (set RELEASE_API_REPOSITORY); send the manifest inline instead");
        }

        var full = Path.GetFullPath(Path.Combine(repository, path));
        if (!full.StartsWith(repository.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw ReleaseOperationException.Invalid($"manifestPath {path} leaves the release repository; give a path inside it, e.g. release.json");
        }

        return File.Exists(full)
            ? full
            : throw ReleaseOperationException.Invalid($"manifestPath {path} is not a file of the release repository");
    }

    private static FailurePolicy? OnFailureOf(string? text) => text switch
    {
        null => null,
        "stop" => FailurePolicy.Stop,
        "ask" => FailurePolicy.Ask,
        _ => throw ReleaseOperationException.Invalid($"onFailure '{text}' is not stop or ask"),
    };

    private static WatchSettings WatchOf(double seconds)
    {
        if (seconds is <= 0 or > 3600 || double.IsNaN(seconds))
        {
            throw ReleaseOperationException.Invalid($"pollIntervalSeconds {seconds} must be between 0 and 3600");
        }

        return ReleaseRequests.Watch(TimeSpan.FromSeconds(seconds));
    }

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason)
        ? throw ReleaseOperationException.Invalid("reason is required: say why, it is recorded in the release's history")
        : reason.Trim();

    /// <summary>The statuses a release can have, as the list shows them.</summary>
    public static IReadOnlyList<string> Statuses { get; } =
        ["running", StageOutcomes.Succeeded, StageOutcomes.Failed, StageOutcomes.Aborted, StageOutcomes.DryRun, "terminated", "canceled", "timed_out"];

    // The release's own outcome is its ReleaseStatus attribute; Temporal's close statuses (a release
    // terminated from outside never set its own) and running are Temporal's ExecutionStatus.
    private static string StatusClause(string status) => status switch
    {
        "running" => "ExecutionStatus = 'Running'",
        StageOutcomes.Succeeded or StageOutcomes.Failed or StageOutcomes.Aborted or StageOutcomes.DryRun =>
            $"{ReleaseSearchAttributes.Status.Name} = '{status}' AND ExecutionStatus != 'Running'",
        "terminated" => "ExecutionStatus = 'Terminated'",
        "canceled" => "ExecutionStatus = 'Canceled'",
        "timed_out" => "ExecutionStatus = 'TimedOut'",
        _ => throw ReleaseOperationException.Invalid($"status '{status}' is not one of {string.Join(", ", Statuses)}"),
    };

    private static string Quote(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    private static ByteString PageToken(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            return ByteString.CopyFrom(Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=')));
        }
        catch (FormatException)
        {
            throw ReleaseOperationException.Invalid("pageToken is not one this API gave; start from the first page (no pageToken)");
        }
    }

    private static string? Memo(Temporalio.Api.Workflow.V1.WorkflowExecutionInfo execution, string key) =>
        execution.Memo?.Fields is { } fields && fields.TryGetValue(key, out var payload) ? Text(payload) : null;

    // Search attributes and memo fields are JSON payloads: a string, or a keyword list of one.
    private static string? Text(Temporalio.Api.Common.V1.Payload payload)
    {
        try
        {
            var value = (JsonElement)Temporalio.Converters.DataConverter.Default.PayloadConverter.ToValue(payload, typeof(JsonElement))!;
            return value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 ? value[0].GetString() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>The caller's token is limited to other products: answered 403, naming nothing of the release.</summary>
public sealed class ForbiddenProductException(string product) : Exception("this token may not act on this release: it is limited to other products; ask an admin for a token of this release's product")
{
    public string Product { get; } = product;
}
