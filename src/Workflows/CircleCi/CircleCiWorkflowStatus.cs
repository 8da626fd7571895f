using System.Text.Json.Serialization;

namespace Release.Workflows.CircleCi;

/// <summary>
/// The <c>status</c> of a CircleCI workflow. Meanings follow CircleCI's documentation (see
/// <see cref="CircleCiStatusRules"/>), not the seed's guesses: <c>not_run</c> is terminal (skipped)
/// and <c>on_hold</c> waits for an approval.
/// </summary>
/// <remarks>
/// <see cref="Unknown"/> is 0 so that a missing or unrecognised value is never mistaken for a real
/// one. In JSON the API's own spellings are used both ways (<c>"on_hold"</c>), so the enum can be
/// read straight from an API response and histories stay readable.
/// </remarks>
[JsonConverter(typeof(WorkflowStatusJsonConverter))]
public enum CircleCiWorkflowStatus
{
    Unknown = 0,
    Running,
    Failing,
    OnHold,
    Success,
    Failed,
    Canceled,
    Error,
    Unauthorized,
    NotRun,
}
