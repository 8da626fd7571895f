using System.Text;
using System.Text.Json;
using Release.Starter.Cli;
using Release.Workflows.Release;
using Temporalio.Api.Enums.V1;

namespace Starter.Tests;

/// <summary>Manifest edge cases that only a real start shows: an empty release, a very long name.</summary>
[Collection(StarterCollection.Name)]
public sealed class ManifestStartTests(StarterFixture fixture)
{
    private const int TemporalIdLimitBytes = 1000;

    [Fact]
    public async Task StartWait_NothingToReleaseWithAllowEmpty_RunsAndSucceeds()
    {
        var name = $"empty{Guid.NewGuid():N}"[..16];
        var path = Manifests.WriteText($$"""
            { "name": "{{name}}", "version": "2.1.0", "scmHttpUrl": "https://github.com/acme",
              "components": [ { "name": "core" } ], "buildDependencies": [ ["core"] ] }
            """);

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--allow-empty", "--wait", "--json", "--poll-interval", "0.1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal($"release-{name}-2.1.0", json.RootElement.GetProperty("workflow_id").GetString());
        Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public async Task StartWait_VeryLongReleaseName_EveryWorkflowIdWithinTemporalsLimit()
    {
        var name = $"{Guid.NewGuid():N} {string.Concat(Enumerable.Repeat("Gravitee API Management ", 120))}";
        var component = new string('c', 100);
        var path = Manifests.WriteText(JsonSerializer.Serialize(new
        {
            name,
            version = "4.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components = new[] { new { name = component } },
            buildDependencies = new[] { new[] { component } },
        }));

        var result = await Cli.RunAsync(fixture.Environment, "start", path, "--branch", "main", "--wait", "--json", "--poll-interval", "0.1");

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var releaseId = json.RootElement.GetProperty("workflow_id").GetString()!;
        Assert.Equal(ReleaseWorkflowOptions.MaxIdLength, releaseId.Length);
        var ids = new List<string>();
        await foreach (var execution in fixture.Client.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{releaseId}'"))
        {
            ids.Add(execution.Id);
        }

        // The release and its one component workflow, each within the limit.
        Assert.Contains(releaseId, ids);
        Assert.Contains($"{releaseId}/{component}", ids);
        Assert.All(ids, id => Assert.True(Encoding.UTF8.GetByteCount(id) <= TemporalIdLimitBytes, id));
        var child = await fixture.Client.GetWorkflowHandle($"{releaseId}/{component}").DescribeAsync();
        Assert.Equal(WorkflowExecutionStatus.Completed, child.Status);
    }
}
