using System.Text.Json.Serialization;

namespace Release.Workflows.Release.Control;

/// <summary>The Update names of a release, shared by every client.</summary>
public static class ReleaseUpdates
{
    public const string Decide = "decide";
    public const string Approve = "approve";
    public const string Pause = "pause";
    public const string Unpause = "unpause";
}

[JsonConverter(typeof(JsonStringEnumConverter<DecisionAction>))]
public enum DecisionAction
{
    /// <summary>Release the component again: a new pipeline, or a re-run of its failed workflow.</summary>
    Retry,

    /// <summary>Record it as skipped by the operator; its dependents proceed.</summary>
    Skip,

    /// <summary>End the release, as the <c>abort</c> signal does.</summary>
    Abort,
}

/// <summary>An operator's answer to a failed component of a release started with <c>--on-failure ask</c>.</summary>
/// <param name="By">Who decided: the client's identity, or the name given with <c>--as</c>.</param>
/// <param name="RerunFailed">With <see cref="DecisionAction.Retry"/>: re-run the failed CircleCI workflow from its failed jobs in the same pipeline.</param>
public sealed record DecisionRequest(string Component, DecisionAction Action, string Reason, string By, bool RerunFailed = false);

/// <summary>Lets a release held by an approval gate go on.</summary>
/// <param name="Stage">The gate to approve; null approves the one the release waits at.</param>
public sealed record ApprovalRequest(string Reason, string By, int? Stage = null);

/// <summary>Pauses (or unpauses) a release: while paused no new component starts.</summary>
public sealed record PauseRequest(string Reason, string By);
