namespace Release.Workflows.Release.Events;

/// <summary>
/// About how many bytes a transition takes as JSON in an activity's input: enough to keep batches
/// under a payload limit without serialising in workflow code. Over-counts rather than under.
/// </summary>
internal static class TransitionSize
{
    // Property names, punctuation, the time, the kind and the attempt.
    private const int Overhead = 300;
    private const int PerComponent = 60;

    public static int Estimate(ReleaseTransition t) =>
        Overhead
        + Text(t.Release.WorkflowId) + Text(t.Release.RunId) + Text(t.Release.Product) + Text(t.Release.Version) + Text(t.Release.Branch) + Text(t.Release.Url)
        + Version(t.Component) + Text(t.PipelineUrl) + Text(t.Outcome) + Text(t.Reason)
        + (t.Action is { } a ? PerComponent + Text(a.Kind) + Text(a.By) + Text(a.Reason) + Text(a.Component) : 0)
        + (t.Components?.Sum(Version) ?? 0);

    private static int Version(ComponentVersion? c) => c is null ? 0 : PerComponent + Text(c.Name) + Text(c.Version) + Text(c.Branch);

    // JSON escapes can make a character six bytes; UTF-8 makes most one to three.
    private static int Text(string? s) => s is null ? 0 : s.Length * 2;
}
