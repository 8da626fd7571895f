using Release.Workflows.Release;
using Release.Workflows.Release.Reports;

namespace Release.Releases.Operations;

/// <summary>One closed run of a release, as Temporal recorded it: what it was asked, and its stage reports.</summary>
/// <param name="Summary">Null when the run ended without one (terminated, timed out).</param>
public sealed record ReleaseRun(string RunId, ReleaseInput Input, ReleaseSummary? Summary);
