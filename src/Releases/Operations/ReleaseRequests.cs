using Release.Workflows.Manifest;
using Release.Workflows.Release;

namespace Release.Releases.Operations;

/// <summary>
/// Turns a plan and its settings into the release's workflow input, refusing what every client
/// must refuse before anything starts: an empty release, components without a branch, an input
/// Temporal would reject for its size.
/// </summary>
public static class ReleaseRequests
{
    /// <param name="source">Names the manifest in the messages: a path, or "manifest" for one sent inline.</param>
    /// <param name="allowEmpty">Start even with nothing to release.</param>
    /// <param name="emptyHint">What the caller can do about an empty release, in its own words.</param>
    /// <param name="branchField">How the caller names the branch setting (--branch, branch).</param>
    public static ReleaseInput Prepare(
        ExecutionPlan plan, ReleaseSettings settings, string source, bool allowEmpty, string emptyHint = "set the versions to release, or allow an empty release", string branchField = "branch")
    {
        ArgumentNullException.ThrowIfNull(plan);

        // A release with no stage would "succeed" at once and look like a real release in the
        // history: almost always a manifest whose versions were not bumped to snapshots yet.
        if (plan.Stages.Count == 0 && !allowEmpty)
        {
            throw ReleaseOperationException.Invalid($"{source}: {NothingToRelease(plan)}; {emptyHint}");
        }

        var unbranched = plan.Stages.SelectMany(s => s.Components).Where(c => c.Branch is null).Select(c => c.Name).ToList();
        if (unbranched.Count > 0)
        {
            throw ReleaseOperationException.Invalid(
                $"{branchField} is required: {string.Join(", ", unbranched.Take(3))}{(unbranched.Count > 3 ? "..." : "")} name no branch in the manifest");
        }

        var input = new ReleaseInput(plan, settings);

        // A real cluster refuses a workflow input over 2 MB (about 16,000 planned components): say
        // so before connecting, in words, rather than let the start fail with the server's error.
        var inputBytes = ReleaseStarter.InputBytes(input);
        if (inputBytes > ReleaseStarter.MaxInputBytes)
        {
            throw ReleaseOperationException.Invalid(
                $"{source}: the plan of {plan.Stages.Sum(s => s.Components.Count)} components is {inputBytes / 1e6:F1} MB as a workflow input, "
                + "and Temporal refuses inputs over 2 MB; split the release into several manifests");
        }

        return input;
    }

    /// <summary>Why a plan has no stage: every component was skipped as not a snapshot.</summary>
    public static string NothingToRelease(ExecutionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var skipped = plan.Skipped.Count == 1 ? "1 component" : $"{plan.Skipped.Count} components";
        return $"nothing to release: no component has a {PlanOptions.DefaultSnapshotSuffix} version in a stage of buildDependencies ({skipped} skipped)";
    }

    /// <summary>
    /// Polls starting at <paramref name="initial"/>: short intervals back off to five times
    /// themselves (at most the default 30 s), so a demo or a test polls briskly while a real
    /// release keeps the default pace.
    /// </summary>
    public static WatchSettings Watch(TimeSpan initial) => WatchSettings.Default with
    {
        InitialInterval = initial,
        MaxInterval = TimeSpan.FromTicks(Math.Max(initial.Ticks, Math.Min(initial.Ticks * 5, WatchSettings.Default.MaxInterval.Ticks))),
    };
}
