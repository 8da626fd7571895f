namespace Orchestrator.Tests;

/// <summary>Simulator scenarios for the tests (scenario seconds; the harness scales them by 0.05).</summary>
internal static class Scenarios
{
    private const string Quick = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 8 }, { "name": "test", "durationSeconds": 8 } ] } ] }""";

    private const string QuickSlowAnswers = """{ "setupDelaySeconds": 1, "faults": { "slowRate": 1, "slowDelayMs": 700, "lostTriggerRate": 0.5 }, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 8 }, { "name": "test", "durationSeconds": 8 } ] } ] }""";

    private const string Slow = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 2 }, { "name": "long-test", "durationSeconds": 600 } ] } ] }""";

    private const string Failing = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 8 }, { "name": "unit-tests", "durationSeconds": 8, "status": "failed" } ] } ] }""";

    private const string Gated = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "release", "jobs": [ { "name": "compile", "durationSeconds": 4 }, { "name": "hold", "type": "approval" }, { "name": "publish", "durationSeconds": 4 } ] } ] }""";

    // 200 scenario seconds: 10 s of wall time, long enough to act on the release while it runs.
    private const string Medium = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 200 } ] } ] }""";

    public static string AllQuick => Scenario(("*", Quick));

    /// <summary>b2's first attempt fails (a trigger or a re-run), its later ones succeed.</summary>
    public static string B2FailsOnce => Scenario(("gh/acme/b2", Quick.Replace("{ \"setupDelaySeconds\": 1,", "{ \"setupDelaySeconds\": 1, \"failFirst\": 1,", StringComparison.Ordinal)), ("*", Quick));

    /// <summary>b2 fails every time; everything else is quick.</summary>
    public static string B2Fails => Scenario(("gh/acme/b2", Failing), ("*", Quick));

    /// <summary>a1 takes 10 s of wall time; everything else is quick.</summary>
    public static string A1Medium => Scenario(("gh/acme/a1", Medium), ("*", Quick));

    /// <summary>a1 fails; a2 takes 10 s of wall time; everything else is quick.</summary>
    public static string A1FailsA2Medium => Scenario(("gh/acme/a1", Failing), ("gh/acme/a2", Medium), ("*", Quick));

    /// <summary>Every pipeline waits for an approval after its first job.</summary>
    public static string AllGated => Scenario(("*", Gated));

    /// <summary>Quick pipelines behind 429s (Retry-After 1 s), 500s and lost trigger answers.</summary>
    public static string Storm => Scenario(
        """
        "faults": { "rateLimitRate": 0.2, "retryAfterSeconds": 1, "serverErrorRate": 0.1, "lostTriggerRate": 0.9 }
        """,
        ("*", Quick));

    /// <summary>
    /// Quick pipelines behind every fault the simulator has: 429s, 500s, slow answers, lost trigger
    /// answers; every answer about a3 is 700 ms late, so its part of a stage snapshot lasts seconds.
    /// </summary>
    public static string Chaos => Scenario(
        """
        "faults": { "rateLimitRate": 0.1, "retryAfterSeconds": 1, "serverErrorRate": 0.05, "slowRate": 0.2, "slowDelayMs": 300, "lostTriggerRate": 0.3 }
        """,
        ("gh/acme/a3", QuickSlowAnswers),
        ("*", Quick));

    /// <summary>b2 fails; b3 runs for a long time; everything else is quick.</summary>
    public static string FailureInStageTwo => Scenario(("gh/acme/b2", Failing), ("gh/acme/b3", Slow), ("*", Quick));

    public static string AllSlow => Scenario(("*", Slow));

    /// <summary>b1 succeeds quickly, b2 fails, b3 runs for a long time.</summary>
    public static string SucceededFailedRunning => Scenario(("gh/acme/b1", Quick), ("gh/acme/b2", Failing), ("gh/acme/b3", Slow), ("*", Quick));

    /// <summary>The simulator expects another token than the harness's: every call answers 401.</summary>
    public static string WrongToken => AllQuick.Replace(ReleaseHarness.Token, "another-token", StringComparison.Ordinal);

    /// <summary>Like <see cref="AllSlow"/> but workflows exist from the trigger on, so an abort always finds them running.</summary>
    public static string AllRunningAtOnce => Scenario(("*", Slow.Replace("\"setupDelaySeconds\": 1", "\"setupDelaySeconds\": 0", StringComparison.Ordinal)));

    private static string Scenario(params (string Slug, string Project)[] projects) =>
        Scenario("""
        "faults": {}
        """, projects);

    private static string Scenario(string faults, params (string Slug, string Project)[] projects)
    {
        var entries = string.Join(", ", projects.Select(p => $"\"{p.Slug}\": {p.Project}"));
        return $$"""{ "token": "{{ReleaseHarness.Token}}", "seed": 3, {{faults}}, "projects": { {{entries}} } }""";
    }
}
