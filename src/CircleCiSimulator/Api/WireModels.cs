using System.Text.Json.Serialization;

namespace Release.CircleCiSimulator;

// The response shapes of CircleCI's OpenAPI description (written snake_case by the app's JSON
// options). Fields CircleCI leaves out when empty are dropped when null; the others stay, as null.

internal sealed record MessageBody(string Message);

internal sealed record PageBody<T>(IReadOnlyList<T> Items, string? NextPageToken);

internal sealed record RerunCreatedBody(string WorkflowId);

internal sealed record PipelineCreatedBody(string Id, string State, long Number, DateTimeOffset CreatedAt);

internal sealed record PipelineBody(
    string Id,
    IReadOnlyList<PipelineErrorBody> Errors,
    string ProjectSlug,
    DateTimeOffset UpdatedAt,
    long Number,
    IReadOnlyDictionary<string, object> TriggerParameters,
    string State,
    DateTimeOffset CreatedAt,
    TriggerBody Trigger,
    VcsBody Vcs);

internal sealed record PipelineErrorBody(string Type, string Message);

internal sealed record TriggerBody(string Type, DateTimeOffset ReceivedAt, ActorBody Actor);

internal sealed record ActorBody(string Login, string? AvatarUrl);

internal sealed record VcsBody(
    string ProviderName,
    string OriginRepositoryUrl,
    string TargetRepositoryUrl,
    string Revision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Branch,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag,
    CommitBody Commit);

internal sealed record CommitBody(string? Subject, string? Body);

internal sealed record WorkflowBody(
    string PipelineId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CanceledBy,
    string Id,
    string Name,
    string ProjectSlug,
    string Status,
    string StartedBy,
    long PipelineNumber,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StoppedAt);

internal sealed record JobBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CanceledBy,
    IReadOnlyList<string> Dependencies,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? JobNumber,
    string Id,
    DateTimeOffset? StartedAt,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApprovedBy,
    string ProjectSlug,
    string Status,
    string Type,
    DateTimeOffset? StoppedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ApprovalRequestId);

internal sealed record JobDetailsBody(
    string WebUrl,
    ProjectBody Project,
    IReadOnlyList<ParallelRunBody> ParallelRuns,
    DateTimeOffset? StartedAt,
    LatestWorkflowBody LatestWorkflow,
    string Name,
    ExecutorBody Executor,
    int Parallelism,
    string Status,
    long Number,
    IdBody Pipeline,
    long? Duration,
    DateTimeOffset CreatedAt,
    IReadOnlyList<MessageBody> Messages,
    IReadOnlyList<NameBody> Contexts,
    NameBody Organization,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? StoppedAt);

internal sealed record ProjectBody(string Id, string Slug, string Name, string ExternalUrl);

internal sealed record ParallelRunBody(int Index, string Status);

internal sealed record LatestWorkflowBody(string Id, string Name);

internal sealed record ExecutorBody(string ResourceClass, string Type);

internal sealed record IdBody(string Id);

internal sealed record NameBody(string Name);
