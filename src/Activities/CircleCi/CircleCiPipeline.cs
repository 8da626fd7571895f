using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release.Activities.CircleCi;

/// <summary>The answer to a trigger (201): the new pipeline's id and number, both required.</summary>
public sealed record CircleCiPipelineCreated
{
    [JsonRequired]
    public string Id { get; init; } = "";

    /// <summary>created, errored, setup-pending, setup, pending, or a value CircleCI adds later.</summary>
    public string State { get; init; } = "";

    [JsonRequired]
    public long Number { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
}

/// <summary>A pipeline as GET /pipeline/{id} and the project pipeline list show it; id and number are required.</summary>
public sealed record CircleCiPipeline
{
    [JsonRequired]
    public string Id { get; init; } = "";

    [JsonRequired]
    public long Number { get; init; }

    public string ProjectSlug { get; init; } = "";

    /// <summary>created, errored, setup-pending, setup, pending, or a value CircleCI adds later.</summary>
    public string State { get; init; } = "";

    public IReadOnlyList<CircleCiPipelineError> Errors { get; init; } = [];

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Opaque; for API triggers CircleCI does not echo the pipeline parameters here.</summary>
    public IReadOnlyDictionary<string, JsonElement>? TriggerParameters { get; init; }

    public CircleCiTrigger? Trigger { get; init; }

    public CircleCiVcs? Vcs { get; init; }
}

public sealed record CircleCiPipelineError
{
    public string Type { get; init; } = "";

    public string Message { get; init; } = "";
}

/// <summary>How the pipeline started: type is api, webhook, explicit, scheduled_pipeline...</summary>
public sealed record CircleCiTrigger
{
    public string Type { get; init; } = "";

    public DateTimeOffset? ReceivedAt { get; init; }

    public CircleCiActor? Actor { get; init; }
}

public sealed record CircleCiActor
{
    public string Login { get; init; } = "";

    public string? AvatarUrl { get; init; }
}

public sealed record CircleCiVcs
{
    public string? ProviderName { get; init; }

    public string? OriginRepositoryUrl { get; init; }

    public string? TargetRepositoryUrl { get; init; }

    public string? Revision { get; init; }

    public string? Branch { get; init; }

    public string? Tag { get; init; }

    public string? ReviewId { get; init; }

    public string? ReviewUrl { get; init; }

    public CircleCiCommit? Commit { get; init; }
}

public sealed record CircleCiCommit
{
    public string? Subject { get; init; }

    public string? Body { get; init; }
}
