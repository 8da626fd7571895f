using System.Text.Json.Serialization;

namespace Release.Workflows.CircleCi;

/// <summary>
/// The <c>state</c> of a CircleCI pipeline: how far its setup got, not how its build went. A
/// <see cref="Created"/> pipeline has its workflows (possibly none); the build's outcome is in
/// their statuses.
/// </summary>
/// <remarks><see cref="Unknown"/> is 0 for the reasons given on <see cref="CircleCiWorkflowStatus"/>.</remarks>
[JsonConverter(typeof(PipelineStateJsonConverter))]
public enum PipelineState
{
    Unknown = 0,
    Created,
    Errored,
    SetupPending,
    Setup,
    Pending,
}
