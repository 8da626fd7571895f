namespace Starter.Tests;

/// <summary>
/// What the simulator plays for the suite (scenario seconds, scaled by 0.05): components named
/// "fails" fail their tests, "slow" run for half a minute of wall time, "medium" for three seconds,
/// "flaky-*" fail their first attempt after two seconds and pass later ones ("flaky-twice" its first two), all others pass in about a second.
/// </summary>
internal static class TestScenario
{
    private const string Quick = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "test", "durationSeconds": 6 } ] } ] }""";

    private const string Failing = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "unit-tests", "durationSeconds": 6, "status": "failed" } ] } ] }""";

    private const string Slow = """{ "setupDelaySeconds": 0, "workflows": [ { "name": "build", "jobs": [ { "name": "long-test", "durationSeconds": 600 } ] } ] }""";

    private const string Medium = """{ "setupDelaySeconds": 0, "workflows": [ { "name": "build", "jobs": [ { "name": "package", "durationSeconds": 60 } ] } ] }""";

    // Long enough that the quick components of its stage end first, so what resume reuses is certain.
    private const string Flaky = """{ "setupDelaySeconds": 1, "failFirst": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "integration-tests", "durationSeconds": 34 } ] } ] }""";

    private const string FlakyTwice = """{ "setupDelaySeconds": 1, "failFirst": 2, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "integration-tests", "durationSeconds": 34 } ] } ] }""";

    public static string Json => $$"""
        { "token": "{{StarterFixture.Token}}", "seed": 5,
          "projects": { "gh/acme/fails": {{Failing}}, "gh/acme/slow": {{Slow}}, "gh/acme/medium": {{Medium}},
            "gh/acme/flaky-resume": {{Flaky}}, "gh/acme/flaky-queue": {{Flaky}}, "gh/acme/flaky-rerun": {{Flaky}}, "gh/acme/flaky-retry": {{Flaky}}, "gh/acme/flaky-timed": {{Flaky}},
            "gh/acme/flaky-twice": {{FlakyTwice}}, "*": {{Quick}} } }
        """;
}
