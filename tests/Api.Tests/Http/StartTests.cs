using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Release.Releases.Operations;

namespace Api.Tests.Http;

/// <summary><c>POST /api/v1/releases</c>: a manifest inline or from the release repository, with a branch and parameters.</summary>
[Collection(ApiCollection.Name)]
public sealed class StartTests(ApiFixture api)
{
    [Fact]
    public async Task Start_InlineManifest_CreatedWithLinksThenSucceeds()
    {
        var release = TestRelease.Of(["a", "b"], ["c"]);
        using var operate = new ApiSession(api, api.CreateToken("starter", ["operate"]));

        using var answer = await operate.PostAsync("/api/v1/releases", release.StartBody());
        var handle = await ApiSession.JsonOf(answer);

        Assert.True(answer.StatusCode == HttpStatusCode.Created, handle.ToString());
        var workflowId = handle.GetProperty("workflowId").GetString()!;
        Assert.Equal($"release-{release.Product}-1.0.0-snapshot", workflowId);
        Assert.Equal(ApiSession.Release(workflowId), answer.Headers.Location?.OriginalString);
        Assert.Equal("running", handle.GetProperty("status").GetString());
        Assert.Equal($"{ApiSession.Release(workflowId)}/events", handle.GetProperty("links").GetProperty("events").GetString());
        var ended = await operate.UntilEndedAsync(workflowId);
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal([release.Component("a"), release.Component("b"), release.Component("c")], ApiSession.Components(ended).Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Start_ManifestPathInTheReleaseRepository_ReleasesThatFile()
    {
        var release = TestRelease.Of(["a"]);
        var relative = Path.Combine("releases", release.Product, "release.json");
        var file = Path.Combine(api.RepositoryDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, release.Manifest().ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        using var operate = new ApiSession(api, api.CreateToken("repository-starter", ["operate"]));

        var workflowId = await operate.StartAsync(new JsonObject { ["manifestPath"] = relative, ["branch"] = release.Branch, ["pollIntervalSeconds"] = 0.1 });

        var ended = await operate.UntilEndedAsync(workflowId);
        Assert.Equal("succeeded", ended.GetProperty("status").GetString());
        Assert.Equal(release.Product, ended.GetProperty("product").GetString());
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("a"), release.Branch));
    }

    [Theory]
    [InlineData("../outside.json", "leaves the release repository")]
    [InlineData("/etc/passwd", "leaves the release repository")]
    [InlineData("missing/release.json", "is not a file of the release repository")]
    public async Task Start_ManifestPathOutsideOrMissing_BadRequestSayingSo(string path, string says)
    {
        using var operate = new ApiSession(api, api.CreateToken("path-starter", ["operate"]));

        await ApiSession.AssertProblemAsync(
            operate.PostAsync("/api/v1/releases", new JsonObject { ["manifestPath"] = path, ["branch"] = "main" }), HttpStatusCode.BadRequest, says);
    }

    [Fact]
    public async Task Start_BranchAndParameters_ReachTheComponentsPipelines()
    {
        var release = TestRelease.Of(["a", "b"]);
        var body = release.StartBody();
        body["parameters"] = new JsonObject { ["gio_action"] = "release", ["dry"] = false, ["attempts"] = 3 };
        using var operate = new ApiSession(api, api.CreateToken("param-starter", ["operate"]));

        var workflowId = await operate.StartAsync(body);
        await operate.UntilEndedAsync(workflowId);

        // The simulator echoes the branch of each pipeline; the parameters travel in the release's input, typed.
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("a"), release.Branch));
        Assert.Equal(1, await SimulatorPipelines.CountAsync(api, release.ProjectSlug("b"), release.Branch));
        var state = await ReleaseLookup.GetAsync(api.Stack.Client, workflowId, CancellationToken.None);
        Assert.Equal(release.Branch, state.Input.Settings.Branch);
        foreach (var component in state.Input.Plan.Stages.SelectMany(s => s.Components))
        {
            Assert.Equal(release.Branch, component.Branch);
            Assert.Equal("release", component.Parameters["gio_action"].GetString());
            Assert.Equal(JsonValueKind.False, component.Parameters["dry"].ValueKind);
            Assert.Equal(3, component.Parameters["attempts"].GetInt32());
        }
    }

    [Fact]
    public async Task Start_ManifestAsText_ReleasesItAndItsErrorsPointIntoTheText()
    {
        var release = TestRelease.Of(["a"]);
        using var operate = new ApiSession(api, api.CreateToken("text-starter", ["operate"]));
        var broken = "{\n  \"name\": \"x\",\n  \"version\": 7\n}";

        var workflowId = await operate.StartAsync(new JsonObject { ["manifest"] = release.Manifest().ToJsonString(), ["branch"] = release.Branch, ["pollIntervalSeconds"] = 0.1 });
        var problem = await ApiSession.AssertProblemAsync(
            operate.PostAsync("/api/v1/releases", new JsonObject { ["manifest"] = broken, ["branch"] = "main" }), HttpStatusCode.BadRequest, "invalid manifest: line ");

        Assert.Equal("succeeded", (await operate.UntilEndedAsync(workflowId)).GetProperty("status").GetString());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("line").GetInt32() == 3);
    }
}
