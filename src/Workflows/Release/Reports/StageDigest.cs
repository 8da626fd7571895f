namespace Release.Workflows.Release.Reports;

/// <summary>
/// The compact form of a stage report that travels through workflow history when the whole one is
/// kept in the report store: every component's outcome as a line, and in full only those that did
/// not succeed (the ones a reader and a re-run need), so its size grows by a line per component.
/// </summary>
public static class StageDigest
{
    /// <summary>Components kept whole in a digest: the not succeeded, up to this many.</summary>
    public const int MaxWholeComponents = 50;

    /// <summary>Components per snapshot activity when a stage is snapshotted in slices.</summary>
    public const int DefaultPartSize = 500;

    /// <param name="failedComponent">Kept first, so the stage's failure is always in the digest.</param>
    public static StageReport Of(StageReport whole, StoredReportRef stored, string? failedComponent) => whole with
    {
        Components = Kept(whole.Components, failedComponent),
        Pipelines = [],
        ComponentLines = whole.Outcomes(),
        FullReport = stored,
    };

    /// <summary>
    /// The stage's report from its slices' reports, in slice order. When every slice is stored the
    /// result is a digest pointing at <paramref name="stageKey"/>, where the report log assembles
    /// the whole; otherwise (no store) the slices' whole reports are joined.
    /// </summary>
    public static StageReport Merge(StageSnapshotRequest request, IReadOnlyList<StageReport> parts, string stageKey)
    {
        var lines = parts.SelectMany(p => p.Outcomes()).ToList();
        var components = parts.SelectMany(p => p.Components).ToList();
        var stored = parts.All(p => p.FullReport is not null);
        var snapshotAt = parts.Max(p => p.Timings.SnapshotAt);
        return new StageReport
        {
            Release = request.Release,
            Stage = request.Stage,
            Outcome = request.Outcome,
            Reason = StageReason.Of(request.Outcome, request.Reason, components.FirstOrDefault(c => c.Name == request.FailedComponent), lines),
            Timings = new StageTimings(request.StartedAt, snapshotAt, (snapshotAt - request.StartedAt).TotalSeconds),
            Components = stored ? Kept(components, request.FailedComponent) : components,
            Rerun = request.Outcome == StageOutcomes.DryRun
                ? []
                : lines.Where(l => l.Outcome != ComponentOutcomes.Succeeded).Select(l => l.Name).ToList(),
            Pipelines = parts.SelectMany(p => p.Pipelines).ToList(),
            FullReport = stored ? new StoredReportRef(stageKey, parts.Count, lines.Count) : null,
            ComponentLines = stored ? lines : null,
        };
    }

    /// <summary>The whole report from a digest and its slices' whole reports (read back from the store).</summary>
    public static StageReport Assemble(StageReport digest, IReadOnlyList<StageReport> wholeParts) => digest with
    {
        Components = wholeParts.SelectMany(p => p.Components).ToList(),
        Pipelines = wholeParts.SelectMany(p => p.Pipelines).ToList(),
        FullReport = null,
        ComponentLines = null,
    };

    private static List<ComponentReport> Kept(IEnumerable<ComponentReport> components, string? failedComponent) => components
        .Where(c => c.Outcome != ComponentOutcomes.Succeeded)
        .OrderBy(c => c.Name == failedComponent ? 0 : 1)
        .Take(MaxWholeComponents)
        .ToList();
}
