using Release.Analytics.Store;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary><c>release collect run</c>: onboarding files in, CircleCI history in the worker's store, mistakes as one line.</summary>
[Collection(StarterCollection.Name)]
public sealed class CollectCommandTests(StarterFixture fixture)
{
    [Fact]
    public async Task CollectRun_Fixture_StoresTheProjectsPipelinesAndPrintsWhatItRead()
    {
        var project = $"gh/acme/collected-{Guid.NewGuid():N}"[..32];
        var created = await fixture.CircleCi.TriggerPipelineAsync(project, "main", null);
        await UntilEndedAsync(created.Id);
        var file = WriteFixture($"""
            native:
              slug: acme
            data_sources:
            - slug: circleci
              projects:
              - name: collected
                endpoints:
                - name: {project.Replace("gh/", "github/", StringComparison.Ordinal)}
            """);

        var result = await Cli.RunAsync(fixture.Environment, "collect", "run", "--fixture", file);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("Started collection collect-", result.Out, StringComparison.Ordinal);
        Assert.Matches(@$"│ {project}\s+│\s+1 │\s+1 │\s+2 │", result.Out);
        var store = await AnalyticsStore.OpenAsync(fixture.AnalyticsFile);
        Assert.Equal(created.Number, (await store.PipelineAsync(created.Id))!.Number);
        Assert.NotNull(await store.LastPullAsync(project));

        var stats = await Cli.RunAsync(fixture.Environment, "stats", "--project", project, "--store", fixture.AnalyticsFile);
        var json = await Cli.RunAsync(fixture.Environment, "stats", "--project", project, "--store", fixture.AnalyticsFile, "--json");

        Assert.True(stats.ExitCode == ExitCodes.Success, stats.ToString());
        Assert.Matches(@$"│ {project}\s+│ compile\s+│\s+1 │\s+100% │", stats.Out);
        Assert.Matches(@$"│ {project}\s+│ test\s+│\s+1 │\s+100% │", stats.Out);
        using var document = System.Text.Json.JsonDocument.Parse(json.Out);
        Assert.Equal(["compile", "test"], document.RootElement.GetProperty("jobs").EnumerateArray().Select(e => e.GetProperty("job").GetString()));
        Assert.All(document.RootElement.GetProperty("jobs").EnumerateArray(), e => Assert.True(e.GetProperty("p50_seconds").GetDouble() > 0));
    }

    [Fact]
    public async Task Stats_BadStore_OneLineWithoutThePassword()
    {
        var result = await Cli.RunAsync(fixture.Environment, "stats", "--store", "postgres://u:secret-pw@/x");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "postgres");
        Assert.DoesNotContain("secret-pw", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectSchedule_Twice_CreatesThenUpdatesOneTemporalScheduleThatCollects()
    {
        var project = $"gh/acme/scheduled-{Guid.NewGuid():N}"[..32];
        var created = await fixture.CircleCi.TriggerPipelineAsync(project, "main", null);
        await UntilEndedAsync(created.Id);
        var file = WriteFixture($"""
            native:
              slug: acme-{Guid.NewGuid():N}
            data_sources:
            - slug: circleci
              projects:
              - name: scheduled
                endpoints:
                - name: {project}
            """);

        var first = await Cli.RunAsync(fixture.Environment, "collect", "schedule", "--fixture", file, "--every", "1h", "--id", $"collect-{project[8..]}");
        var second = await Cli.RunAsync(fixture.Environment, "collect", "schedule", "--fixture", file, "--every", "2h", "--id", $"collect-{project[8..]}");

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.Contains("Created schedule", first.Out, StringComparison.Ordinal);
        Assert.True(second.ExitCode == ExitCodes.Success, second.ToString());
        Assert.Contains("Updated schedule", second.Out, StringComparison.Ordinal);
        var handle = fixture.Client.GetScheduleHandle($"collect-{project[8..]}");
        var described = await handle.DescribeAsync();
        Assert.Equal(TimeSpan.FromHours(2), Assert.Single(described.Schedule.Spec.Intervals).Every);

        // Triggered now through the command line (Temporal's tools would do the same): it runs the collection.
        var trigger = await Cli.RunAsync(fixture.Environment, "collect", "trigger", $"collect-{project[8..]}");
        Assert.True(trigger.ExitCode == ExitCodes.Success, trigger.ToString());
        var store = await AnalyticsStore.OpenAsync(fixture.AnalyticsFile);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await store.LastPullAsync(project) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the scheduled collection never finished");
            await Task.Delay(100);
        }

        Assert.NotNull(await store.PipelineAsync(created.Id));
        var pause = await Cli.RunAsync(fixture.Environment, "collect", "pause", $"collect-{project[8..]}", "--reason", "CircleCI maintenance");
        Assert.True(pause.ExitCode == ExitCodes.Success, pause.ToString());
        Assert.Contains($"Paused schedule collect-{project[8..]}.", pause.Out, StringComparison.Ordinal);
        var paused = (await handle.DescribeAsync()).Schedule.State;
        Assert.True(paused.Paused);
        Assert.Equal("CircleCI maintenance", paused.Note);
        var unpause = await Cli.RunAsync(fixture.Environment, "collect", "unpause", $"collect-{project[8..]}");
        Assert.True(unpause.ExitCode == ExitCodes.Success, unpause.ToString());
        Assert.False((await handle.DescribeAsync()).Schedule.State.Paused);
        await handle.DeleteAsync();
        var gone = await Cli.RunAsync(fixture.Environment, "collect", "pause", $"collect-{project[8..]}");
        InputTests.AssertOneLineError(gone, ExitCodes.UsageError, $"no schedule with id collect-{project[8..]}");
    }

    [Fact]
    public async Task CollectSchedule_TooOften_RefusedWithOneLine()
    {
        var result = await Cli.RunAsync(fixture.Environment, "collect", "schedule", "--manifest", "/nonexistent.json", "--every", "10s");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "too often");
    }

    [Fact]
    public async Task CollectRun_TokenInFixture_RefusedWithoutEchoingIt()
    {
        var file = WriteFixture("""
            native:
              slug: acme
            data_sources:
            - slug: circleci
              projects:
              - name: gw
                endpoints:
                - name: github/acme/gateway
              config:
                - name: Circle-Token
                  value: leaked-token-8c2f
            """);

        var result = await Cli.RunAsync(fixture.Environment, "collect", "run", "--fixture", file);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "CIRCLECI_TOKEN");
        Assert.DoesNotContain("leaked-token-8c2f", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectRun_NoProjects_SaysWhatToGive()
    {
        var result = await Cli.RunAsync(fixture.Environment, "collect", "run");

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "give --fixture onboarding.yaml or --manifest release.json");
    }

    private static string WriteFixture(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"onboarding-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private async Task UntilEndedAsync(string pipelineId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var workflows = await fixture.CircleCi.GetWorkflowsAsync(pipelineId);
            if (workflows.Count > 0 && workflows.All(w => w.Status == "success"))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the pipeline never ended");
            await Task.Delay(100);
        }
    }
}
