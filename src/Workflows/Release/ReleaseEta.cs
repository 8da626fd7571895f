namespace Release.Workflows.Release;

/// <summary>When a stage (or the release) is expected to end, from its components' past durations.</summary>
/// <param name="EndsAt">At the components' p50; null: unknown (no component still to end has history, or an earlier stage is unknown).</param>
/// <param name="LateAt">The late bound, at their p95.</param>
/// <param name="Unknown">
/// Components still to end that have no history: when <paramref name="EndsAt"/> is set, the ETA is
/// partial and leaves them out.
/// </param>
public sealed record Eta(DateTimeOffset? EndsAt, DateTimeOffset? LateAt, IReadOnlyList<string> Unknown)
{
    public bool Partial => EndsAt is not null && Unknown.Count > 0;
}

/// <summary>
/// Computes the ETAs of a release's progress. A running component ends at its trigger time plus
/// its p50 (p95 for the late bound), never before now; one not yet triggered starts when the
/// stages before it are expected to end (now, in the running stage). A stage ends with the latest
/// of its components; each later stage adds its longest expected component. The graph schedule
/// is estimated the same way, stage by stage: an upper bound there, since a component may start
/// before its whole stage before it ends.
/// </summary>
internal static class ReleaseEta
{
    // Statuses of a component that has still to end (see ComponentProgress.Status); a failed one
    // awaiting a decision waits for a person, which no history predicts.
    private static readonly HashSet<string> StillToEnd = new(StringComparer.Ordinal) { "pending", "queued", "starting", "running", "awaiting_approval" };

    public static ReleaseProgress With(ReleaseProgress progress, IReadOnlyDictionary<string, ExpectedDuration> expected, DateTimeOffset now)
    {
        DateTimeOffset? cursor = now;
        DateTimeOffset? lateCursor = now;
        var allUnknown = new List<string>();
        var stages = new List<StageProgress>(progress.Stages.Count);
        foreach (var stage in progress.Stages)
        {
            var open = stage.Components.Where(c => StillToEnd.Contains(c.Status)).ToList();
            if (open.Count == 0)
            {
                stages.Add(stage);
                continue;
            }

            var unknown = open.Where(c => !expected.ContainsKey(c.Name)).Select(c => c.Name).ToList();
            var known = open.Where(c => expected.ContainsKey(c.Name)).ToList();
            allUnknown.AddRange(unknown);
            if (known.Count == 0 || cursor is not { } start || lateCursor is not { } lateStart)
            {
                cursor = lateCursor = null;
                stages.Add(stage with { Eta = new Eta(null, null, unknown) });
                continue;
            }

            var ends = known.Max(c => Later(now, (c.TriggeredAt ?? start) + expected[c.Name].P50));
            var late = known.Max(c => Later(now, (c.TriggeredAt ?? lateStart) + expected[c.Name].P95));
            cursor = Later(start, ends);
            lateCursor = Later(lateStart, late);
            stages.Add(stage with { Eta = new Eta(ends, late, unknown) });
        }

        return progress with { Stages = stages, Eta = new Eta(cursor, lateCursor, allUnknown) };
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
