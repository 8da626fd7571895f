using Release.Workflows.Manifest;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;

namespace Release.Workflows.Release;

/// <summary>How every client starts a release, so that one release runs at most once at a time.</summary>
public static class ReleaseWorkflowOptions
{
    /// <summary>
    /// The longest release workflow id. Temporal refuses ids over 1,000 bytes, and the component
    /// workflows' ids add "/" and a component name of at most 100 characters to this one; the
    /// rest is room to spare, and an id short enough to read in a terminal.
    /// </summary>
    public const int MaxIdLength = 200;

    private const int HashLength = 12;

    /// <summary>
    /// The workflow id is the release itself: starting the same release while a run is open is
    /// refused by Temporal (conflict policy Fail), while a new run after the last one closed is allowed.
    /// A longer id is cut and ends with a hash of the whole one, so that it stays the same for the
    /// same release and differs between releases whose names differ only after the cut.
    /// </summary>
    public static string WorkflowId(ExecutionPlan plan)
    {
        var id = $"release-{Slug(plan.ReleaseName)}-{Slug(plan.ReleaseVersion)}";
        if (id.Length <= MaxIdLength)
        {
            return id;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))[..HashLength];
        return $"{id[..(MaxIdLength - HashLength - 1)].TrimEnd('-', '.')}-{hash}";
    }

    public static WorkflowOptions For(ExecutionPlan plan, string taskQueue, bool withSearchAttributes = true) =>
        new(WorkflowId(plan), taskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.Fail,
            IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
            TypedSearchAttributes = withSearchAttributes ? ReleaseSearchAttributes.ForStart(plan) : null,

            // What every Temporal UI shows for the run before its input.
            StaticSummary = Summary(plan),
        };

    /// <summary>The release's one-line summary, cut so that Temporal's metadata limits never refuse it.</summary>
    public static string Summary(ExecutionPlan plan) => ReleaseDetails.Summary($"Release {plan.ReleaseName} {plan.ReleaseVersion}");

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
