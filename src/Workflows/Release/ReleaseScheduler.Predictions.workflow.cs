using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Release.Workflows.Release;

// Once per release, before anything starts: how long each project's pipeline usually takes.
internal sealed partial class ReleaseScheduler
{
    /// <summary>How far back the analytics store is read.</summary>
    public static readonly TimeSpan PredictionWindow = TimeSpan.FromDays(30);

    // One attempt, briefly: predictions are advice, and a worker without the activity (an older
    // one, or a test's) must not hold the release up. Patched, so that histories recorded before
    // it replay without the activity.
    private static ActivityOptions PredictionCall() => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(20),
        RetryPolicy = new RetryPolicy { MaximumAttempts = 1 },
        Summary = "read expected pipeline durations from the analytics store",
    };

    private async Task LoadExpectedDurationsAsync()
    {
        var toRun = slots.Where(s => s.State == SlotState.Pending).ToList();
        if (toRun.Count == 0 || !Workflow.Patched(Patches.ExpectedDurations))
        {
            return;
        }

        IReadOnlyList<ExpectedDuration> found;
        try
        {
            var projects = toRun.Select(s => new ProjectOnBranch(s.Planned.ProjectSlug, s.Branch)).Distinct().ToList();
            found = await Workflow.ExecuteActivityAsync<IReadOnlyList<ExpectedDuration>>(
                ActivityNames.ExpectedDurations, [new ExpectedDurationsRequest(projects, PredictionWindow)], PredictionCall());
        }
        catch (ActivityFailureException)
        {
            return;
        }

        var byProject = found.ToDictionary(e => (e.ProjectSlug, e.Branch));
        foreach (var slot in toRun)
        {
            if (byProject.TryGetValue((slot.Planned.ProjectSlug, slot.Branch), out var duration))
            {
                release.SetExpected(slot.Name, duration);
            }
        }
    }
}
