namespace Starter.Tests;

/// <summary>
/// What the simulator plays for the suite (scenario seconds, scaled by 0.05): components named
/// "fails" fail their tests, "slow" run for half a minute of wall time, all others pass in about a second.
/// </summary>
internal static class TestScenario
{
    private const string Quick = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "test", "durationSeconds": 6 } ] } ] }""";

    private const string Failing = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "unit-tests", "durationSeconds": 6, "status": "failed" } ] } ] }""";

    private const string Slow = """{ "setupDelaySeconds": 0, "workflows": [ { "name": "build", "jobs": [ { "name": "long-test", "durationSeconds": 600 } ] } ] }""";

    public static string Json => $$"""
        { "token": "{{StarterFixture.Token}}", "seed": 5,
          "projects": { "gh/acme/fails": {{Failing}}, "gh/acme/slow": {{Slow}}, "*": {{Quick}} } }
        """;
}
