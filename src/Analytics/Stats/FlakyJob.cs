namespace Release.Analytics.Stats;

/// <summary>A job that failed and then passed on a rerun of the same commit, and how often that happened in the window.</summary>
/// <param name="Occurrences">Commits (or pipelines without a revision) on which the job failed, then passed.</param>
/// <param name="LastSeen">When the latest of those passing reruns started.</param>
/// <param name="LastRevision">The commit of that latest occurrence; null when its pipeline gave none.</param>
public sealed record FlakyJob(string Project, string Workflow, string Job, int Occurrences, DateTimeOffset LastSeen, string? LastRevision);
