namespace Release.Workflows.Release;

// Expected durations by component: the progress ETA reads them, the component watches poll by them.
public sealed partial class ReleaseWorkflow
{
    private readonly Dictionary<string, ExpectedDuration> expected = new(StringComparer.Ordinal);

    internal void SetExpected(string component, ExpectedDuration duration) => expected[component] = duration;

    internal ExpectedDuration? ExpectedOf(string component) => expected.GetValueOrDefault(component);
}
