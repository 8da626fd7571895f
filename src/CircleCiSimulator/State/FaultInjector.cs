namespace Release.CircleCiSimulator;

/// <summary>
/// Decides, per API call, whether to misbehave. One seeded generator, drawn a fixed number of times
/// per call whatever the rates, so the same calls in the same order meet the same faults.
/// </summary>
internal sealed class FaultInjector(SimulatorScenario scenario)
{
    private readonly Lock gate = new();
    private Random random = new(scenario.Seed);

    public FaultDecision Decide(string? projectSlug)
    {
        var spec = scenario.FaultsFor(projectSlug);
        double error, slow;
        lock (gate)
        {
            error = random.NextDouble();
            slow = random.NextDouble();
        }

        var kind = error < spec.RateLimitRate ? FaultKind.RateLimit
            : error < spec.RateLimitRate + spec.ServerErrorRate ? FaultKind.ServerError
            : FaultKind.None;
        var delay = slow < spec.SlowRate ? TimeSpan.FromMilliseconds(spec.SlowDelayMs) : TimeSpan.Zero;
        return new FaultDecision(kind, delay, spec);
    }

    /// <summary>Whether a trigger that created its pipeline should still answer 500.</summary>
    public bool LoseTrigger(string projectSlug)
    {
        var rate = scenario.FaultsFor(projectSlug).LostTriggerRate;
        lock (gate)
        {
            return random.NextDouble() < rate;
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            random = new Random(scenario.Seed);
        }
    }
}

internal enum FaultKind
{
    None,
    RateLimit,
    ServerError,
}

internal sealed record FaultDecision(FaultKind Kind, TimeSpan Delay, FaultSpec Spec);
