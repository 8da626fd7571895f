using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Events;

/// <summary>CDEvents knows three outcomes (success, error, failure); the orchestrator's spellings map onto them.</summary>
public static class CdEventOutcomes
{
    public const string Success = "success";
    public const string Error = "error";
    public const string Failure = "failure";

    /// <summary>
    /// Only a success is a success; a component skipped by a decision or a release aborted did not do its
    /// work, which CDEvents calls a failure, with the why in <c>errors</c>. A pipeline CircleCI would not
    /// show is an error: nobody knows whether the work failed.
    /// </summary>
    public static string From(string? outcome) => outcome switch
    {
        StageOutcomes.Succeeded or StageOutcomes.DryRun => Success,
        PipelineReport.Unreadable => Error,
        _ => Failure,
    };

    /// <summary>Stages and components spell success the same way.</summary>
    public static bool IsSuccess(string? outcome) =>
        outcome is ComponentOutcomes.Succeeded or StageOutcomes.DryRun;
}
