using System.Text.Json;
using System.Text.Json.Nodes;
using Release.Analytics.Store;
using Release.Workflows.Release;

namespace Release.Analytics.Export;

/// <summary>
/// A stored pipeline, workflow or job as one JSON document in the Elastic Common Schema's shape:
/// <c>@timestamp</c>, <c>event.*</c> (kind, dataset, outcome, start, end, duration in nanoseconds),
/// <c>url.full</c> to the CircleCI web app, and CircleCI's own fields under <c>circleci.*</c>.
/// Each document's id is its CircleCI id, so exporting again replaces rather than adds.
/// </summary>
public static class EcsHistoryDocuments
{
    public const string EcsVersion = "8.11.0";

    /// <param name="workflows">The pipeline's workflows: it ends when the last of them stopped (its
    /// <c>updated_at</c> says only when CircleCI last touched it), and has no end while one runs.</param>
    public static HistoryDocument Pipeline(StoredPipeline pipeline, IReadOnlyList<StoredWorkflow> workflows) => new(
        "pipeline-" + pipeline.Id,
        Event("pipeline-" + pipeline.Id, "circleci.pipeline", pipeline.CreatedAt, pipeline.CreatedAt,
            workflows.Count > 0 && workflows.All(w => w.StoppedAt is not null) ? workflows.Max(w => w.StoppedAt) : null, outcome: null,
            CircleCiLinks.Pipeline(pipeline.ProjectSlug, pipeline.Number),
            new JsonObject
            {
                ["project"] = Project(pipeline.ProjectSlug),
                ["pipeline"] = PipelineFields(pipeline),
            }));

    public static HistoryDocument Workflow(StoredWorkflow workflow, StoredPipeline? pipeline) => new(
        "workflow-" + workflow.Id,
        Event("workflow-" + workflow.Id, "circleci.workflow", workflow.CreatedAt, workflow.CreatedAt, workflow.StoppedAt, Outcome(workflow.Status),
            pipeline is null ? null : CircleCiLinks.Workflow(workflow.ProjectSlug, pipeline.Number, workflow.Id),
            new JsonObject
            {
                ["project"] = Project(workflow.ProjectSlug),
                ["pipeline"] = pipeline is null ? new JsonObject { ["id"] = workflow.PipelineId } : PipelineFields(pipeline),
                ["workflow"] = WorkflowFields(workflow),
            }));

    public static HistoryDocument Job(StoredJob job, StoredWorkflow? workflow, StoredPipeline? pipeline)
    {
        var link = pipeline is not null && job.Number is { } number
            ? $"{CircleCiLinks.Workflow(job.ProjectSlug, pipeline.Number, job.WorkflowId)}/jobs/{number}"
            : null;
        var fields = new JsonObject
        {
            ["id"] = job.Id,
            ["name"] = job.Name,
            ["status"] = job.Status,
            ["number"] = job.Number,
            ["type"] = job.Type,
            ["resource_class"] = job.ResourceClass,
            ["executor"] = job.Executor,
            ["parallelism"] = job.Parallelism,
            ["queued_at"] = Time(job.QueuedAt),
            // Queue time: what a faster plan or more concurrency would save.
            ["queue_ms"] = job.QueuedAt is { } queued && job.StartedAt is { } started ? (long)(started - queued).TotalMilliseconds : null,
        };
        return new(
            "job-" + job.Id,
            Event("job-" + job.Id, "circleci.job", job.StartedAt ?? job.CreatedAt ?? job.QueuedAt, job.StartedAt, job.StoppedAt, Outcome(job.Status), link,
                new JsonObject
                {
                    ["project"] = Project(job.ProjectSlug),
                    ["pipeline"] = pipeline is null ? null : PipelineFields(pipeline),
                    ["workflow"] = workflow is null ? new JsonObject { ["id"] = job.WorkflowId } : WorkflowFields(workflow),
                    ["job"] = Pruned(fields),
                },
                job.Duration));
    }

    private static JsonObject Event(
        string id, string dataset, DateTimeOffset? timestamp, DateTimeOffset? start, DateTimeOffset? end, string? outcome, string? link, JsonObject circleCi, TimeSpan? duration = null)
    {
        // ECS wants event.duration in nanoseconds; CircleCI's own job duration wins over end - start.
        var nanoseconds = duration is { } d ? d.Ticks * 100
            : start is { } s && end is { } e ? (e - s).Ticks * 100
            : (long?)null;
        var document = new JsonObject
        {
            ["@timestamp"] = Time(timestamp),
            ["ecs"] = new JsonObject { ["version"] = EcsVersion },
            ["event"] = Pruned(new JsonObject
            {
                // Also the document id: Filebeat's ndjson parser takes it with document_id: event.id.
                ["id"] = id,
                ["kind"] = "event",
                ["category"] = new JsonArray("process"),
                ["dataset"] = dataset,
                ["module"] = "circleci",
                ["outcome"] = outcome,
                ["start"] = Time(start),
                ["end"] = Time(end),
                ["duration"] = nanoseconds,
            }),
            ["url"] = link is null ? null : new JsonObject { ["full"] = link },
            ["circleci"] = Pruned(circleCi),
        };
        return Pruned(document);
    }

    private static JsonObject Project(string slug) => new() { ["slug"] = slug };

    private static JsonObject PipelineFields(StoredPipeline pipeline) => Pruned(new JsonObject
    {
        ["id"] = pipeline.Id,
        ["number"] = pipeline.Number,
        ["state"] = pipeline.State,
        ["branch"] = pipeline.Branch,
        ["revision"] = pipeline.Revision,
        ["trigger_type"] = pipeline.TriggerType,
        ["actor"] = pipeline.Actor,
    });

    private static JsonObject WorkflowFields(StoredWorkflow workflow) => Pruned(new JsonObject
    {
        ["id"] = workflow.Id,
        ["name"] = workflow.Name,
        ["status"] = workflow.Status,
    });

    /// <summary>ECS's three outcomes; running, on hold and blocked work has none yet.</summary>
    private static string? Outcome(string status) => status switch
    {
        "success" => "success",
        "failed" or "error" or "infrastructure_fail" or "timedout" or "canceled" or "unauthorized" => "failure",
        _ => null,
    };

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    // Absent rather than null: Elasticsearch maps a field from its first value, and null tells it nothing.
    private static JsonObject Pruned(JsonObject node)
    {
        foreach (var key in node.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            node.Remove(key);
        }

        return node;
    }
}

/// <summary>One exported document: its id (CircleCI's, prefixed by the kind) and its JSON.</summary>
public sealed record HistoryDocument(string Id, JsonObject Body)
{
    public string Json => Body.ToJsonString(JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}
