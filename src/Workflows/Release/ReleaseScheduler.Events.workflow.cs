using Release.Workflows.Release.Events;

namespace Release.Workflows.Release;

// What the scheduler tells the release's events: which component version, which attempt.
internal sealed partial class ReleaseScheduler
{
    public int AttemptsOf(string component) => byName.TryGetValue(component, out var slot) ? Math.Max(1, slot.Attempts) : 1;

    /// <summary>A component's child reported its pipeline (a new one, or the one a failed workflow re-runs in).</summary>
    public void PipelineTriggered(string component, PipelineRef pipeline)
    {
        if (byName.TryGetValue(component, out var slot))
        {
            release.PublishPipelineStarted(VersionOf(slot), pipeline, AttemptsOf(component));
        }
    }

    private void StartEvents() => release.StartEvents(input, slots.Select(VersionOf).ToList());

    private void PublishEnded(ComponentSlot slot) =>
        release.PublishComponentEnded(VersionOf(slot), slot.Result!, AttemptsOf(slot.Name));

    private static ComponentVersion VersionOf(ComponentSlot slot) => new(slot.Name, slot.Planned.Version, slot.Branch);
}
