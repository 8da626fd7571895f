using System.Net;
using System.Text.Json;
using Release.CircleCiSimulator;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>The v1.1 job endpoint: steps, their actions and the output their URLs serve.</summary>
public sealed class JobStepsOverHttpTests
{
    private const string Slug = "gh/acme/api";

    [Fact]
    public async Task GetV1Job_FailedJob_ListsStepsAndServesTheFailingOutput()
    {
        var project = Project(Workflow("build", Job("compile", 10), Job("test", 10, "failed")));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(30);
        var wf = await sim.SingleWorkflowAsync(created.Id);
        var test = (await sim.Client.GetJobsAsync(wf.Id))[1];

        var (status, job) = await api.GetAsync($"api/v1.1/project/{Slug}/{test.JobNumber}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(test.JobNumber, job.GetProperty("build_num").GetInt64());
        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("finished", job.GetProperty("lifecycle").GetString());
        Assert.Equal(wf.Id, job.GetProperty("workflows").GetProperty("workflow_id").GetString());
        var steps = job.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["Spin up environment", "Checkout code", "test"], steps.Select(s => s.GetProperty("name").GetString()));
        var actions = steps.Select(s => Assert.Single(s.GetProperty("actions").EnumerateArray().ToList())).ToList();
        Assert.Equal(["success", "success", "failed"], actions.Select(a => a.GetProperty("status").GetString()));
        Assert.Equal([0, 0, 1], actions.Select(a => a.GetProperty("exit_code").GetInt32()));
        var failing = actions[2];
        Assert.True(failing.GetProperty("failed").GetBoolean());
        Assert.Equal(0, failing.GetProperty("index").GetInt32());
        Assert.Equal(8000, failing.GetProperty("run_time_millis").GetInt64());
        Assert.Equal("2025-10-01T12:00:21.000Z", failing.GetProperty("end_time").GetString());

        // Output URLs are signed links: they answer without the Circle-Token.
        var (outputStatus, output) = await api.GetAnonymousAsync(failing.GetProperty("output_url").GetString()!);

        Assert.Equal(HttpStatusCode.OK, outputStatus);
        var chunks = output.EnumerateArray().ToList();
        Assert.All(chunks, c => Assert.NotNull(c.GetProperty("time").GetString()));
        Assert.Equal("err", chunks[^1].GetProperty("type").GetString());
        Assert.Contains("Exited with code exit status 1", chunks[^1].GetProperty("message").GetString(), StringComparison.Ordinal);
        var lines = string.Concat(chunks.Select(c => c.GetProperty("message").GetString())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 300, 400);
        var secretLine = Array.FindIndex(lines, l => l.StartsWith("export CIRCLECI_TOKEN=CCIPAT_", StringComparison.Ordinal));
        Assert.InRange(secretLine, lines.Length - 50, lines.Length - 1);
        Assert.DoesNotContain(lines, l => l.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetV1Job_RunningJob_ShowsTheRunningStepWithoutOutputYet()
    {
        var project = Project(Workflow("build", Job("compile", 10) with { Parallelism = 2 }));
        var clock = new ManualClock(ManualClock.Epoch);
        await using var sim = await SimHarness.StartAsync(Of((Slug, project)), new SimulatorOptions { TimeProvider = clock });
        using var api = new RawApi(sim.Host);
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        clock.AdvanceSeconds(6); // setup 1 s: spin-up 1..2 s, checkout 2..3 s, compile 3..11 s
        var compile = (await sim.Client.GetJobsAsync((await sim.SingleWorkflowAsync(created.Id)).Id))[0];

        var (_, job) = await api.GetAsync($"api/v1.1/project/{Slug}/{compile.JobNumber}");

        Assert.Equal("running", job.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("outcome").ValueKind);
        var steps = job.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.Equal([0, 1], s.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("index").GetInt32())));
        var running = steps[2].GetProperty("actions")[0];
        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("end_time").ValueKind);
        Assert.Equal(JsonValueKind.Null, running.GetProperty("output_url").ValueKind);
        var checkout = steps[1].GetProperty("actions")[1];
        var (_, output) = await api.GetAnonymousAsync(checkout.GetProperty("output_url").GetString()!);
        Assert.Contains("Cloning git repository", output[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        var runningUrl = checkout.GetProperty("output_url").GetString()!.Replace("/1/1", "/2/1", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAnonymousAsync(runningUrl)).Status);

        clock.AdvanceSeconds(10);
        var (_, done) = await api.GetAsync($"api/v1.1/project/{Slug}/{compile.JobNumber}");
        Assert.Equal("success", done.GetProperty("outcome").GetString());
        var last = done.GetProperty("steps")[2].GetProperty("actions")[0];
        Assert.Equal(0, last.GetProperty("exit_code").GetInt32());
        var (_, passed) = await api.GetAnonymousAsync(last.GetProperty("output_url").GetString()!);
        Assert.DoesNotContain("CIRCLECI_TOKEN", passed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetV1Job_WrongTokenOrUnknownJob_AnswersLikeCircleCi()
    {
        await using var sim = await SimHarness.StartAsync(Of((Slug, Project(Workflow("build", Job("compile"))))));
        using var api = new RawApi(sim.Host);
        using var stranger = new RawApi(sim.Host, token: "wrong");
        var created = await sim.Client.TriggerPipelineAsync(Slug, "main");
        var compile = (await sim.Client.GetJobsAsync((await sim.SingleWorkflowAsync(created.Id)).Id))[0];

        var denied = await stranger.GetAsync($"api/v1.1/project/{Slug}/{compile.JobNumber}");
        var unknown = await api.GetAsync($"api/v1.1/project/{Slug}/999");
        var notANumber = await api.GetAsync($"api/v1.1/project/{Slug}/abc");

        Assert.Equal(HttpStatusCode.Unauthorized, denied.Status);
        Assert.Equal("You must log in first.", denied.Body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal("Build not found", unknown.Body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.NotFound, notANumber.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAnonymousAsync(new Uri(sim.Host.RootUrl, $"output/{Slug}/999/0/0").ToString())).Status);
        Assert.Equal(3, sim.Host.GetStats().CallsTo("GET /api/v1.1/project/{vcs}/{org}/{repo}/{jobNumber}"));
    }
}
