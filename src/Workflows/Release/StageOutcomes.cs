namespace Release.Workflows.Release;

/// <summary>The outcome strings of stage reports and release summaries (part of the report schema).</summary>
public static class StageOutcomes
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Aborted = "aborted";
    public const string DryRun = "dry_run";
}
