using System.Text.Json.Serialization;

namespace Release.Activities.CircleCi;

/// <summary>POST /workflow/{id}/rerun's answer (202): the new workflow, in the same pipeline.</summary>
public sealed record CircleCiWorkflowRerun
{
    // The only thing the answer carries, and what the release watches next.
    [JsonRequired]
    public string WorkflowId { get; init; } = "";
}
