using Release.Workflows.Manifest;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Release.Workflows.Release;

/// <summary>How every client starts a release, so that one release runs at most once at a time.</summary>
public static class ReleaseWorkflowOptions
{
    /// <summary>
    /// The workflow id is the release itself: starting the same release while a run is open is
    /// refused by Temporal (conflict policy Fail), while a new run after the last one closed is allowed.
    /// </summary>
    public static string WorkflowId(ExecutionPlan plan) => $"release-{Slug(plan.ReleaseName)}-{Slug(plan.ReleaseVersion)}";

    public static WorkflowOptions For(ExecutionPlan plan, string taskQueue, bool withSearchAttributes = true) =>
        new(WorkflowId(plan), taskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
            IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
            TypedSearchAttributes = withSearchAttributes ? ReleaseSearchAttributes.ForStart(plan) : null,
        };

    // Workflow ids may hold any character, but ids people type into a terminal should not need
    // quoting: lower case letters, digits and dots (a version reads as itself), anything else one dash.
    private static string Slug(string text)
    {
        var slug = new System.Text.StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '.')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-', '.');
    }
}
