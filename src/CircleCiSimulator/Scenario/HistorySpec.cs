namespace Release.CircleCiSimulator;

/// <summary>
/// A project's past: pipelines that ran before the simulator started, served like triggered ones,
/// so a collector has a history to read and the insights endpoints have runs to measure.
/// </summary>
public sealed record HistorySpec
{
    /// <summary>How many past pipelines (numbers 1..N; triggered pipelines follow on).</summary>
    public int Pipelines { get; init; }

    /// <summary>They are spread over this many days before the simulator starts (fractions allowed).</summary>
    public double Days { get; init; } = 30;

    /// <summary>The share of past pipelines in which one build job (drawn) failed.</summary>
    public double FailureRate { get; init; }

    /// <summary>The share of failed pipelines rerun from failed, the rerun passing (CircleCI's "rerun from failed").</summary>
    public double RerunRate { get; init; }

    /// <summary>The branch the past pipelines ran on; also the project's default branch for insights.</summary>
    public string Branch { get; init; } = "main";
}
