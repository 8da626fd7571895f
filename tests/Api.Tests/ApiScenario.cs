namespace Api.Tests;

/// <summary>
/// What the simulator plays for the suite (scenario seconds, scaled by <see cref="ApiFixture.TimeScale"/>):
/// components named "fails*" fail their unit tests, "slow*" run for half a minute of wall time,
/// "flaky*" fail their first attempt and pass the next, all others pass in about a second.
/// </summary>
internal static class ApiScenario
{
    private const string Quick = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "test", "durationSeconds": 6 } ] } ] }""";

    private const string Failing = """{ "setupDelaySeconds": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "unit-tests", "durationSeconds": 6, "status": "failed" } ] } ] }""";

    private const string Slow = """{ "setupDelaySeconds": 0, "workflows": [ { "name": "build", "jobs": [ { "name": "long-test", "durationSeconds": 600 } ] } ] }""";

    private const string Flaky = """{ "setupDelaySeconds": 1, "failFirst": 1, "workflows": [ { "name": "build", "jobs": [ { "name": "compile", "durationSeconds": 6 }, { "name": "integration-tests", "durationSeconds": 10 } ] } ] }""";

    public static string Json => $$"""
        { "token": "{{ApiFixture.SimulatorToken}}", "seed": 7,
          "projects": { "gh/acme/fails": {{Failing}}, "gh/acme/slow": {{Slow}}, "gh/acme/flaky": {{Flaky}}, "*": {{Quick}} } }
        """;
}
