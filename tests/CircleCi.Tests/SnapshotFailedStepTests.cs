using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.CircleCiSimulator;
using Release.Workflows.CircleCi;
using Release.Workflows.Manifest;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Release.Workflows.Release.Reports;
using Temporalio.Testing;
using static Release.CircleCi.Tests.Scenarios;

namespace Release.CircleCi.Tests;

/// <summary>
/// The SnapshotStage activity against the simulator over HTTP: each failed job's failing step in
/// the report, bounded, the read of the component that stopped the stage first, and a v1.1
/// refusal or error that costs the report that step only.
/// </summary>
public sealed class SnapshotFailedStepTests
{
    private const string V1JobRoute = "GET /api/v1.1/project/{vcs}/{org}/{repo}/{jobNumber}";
    private static readonly ReleaseRef Release = new("acme", "1.0.0-SNAPSHOT", "release-acme-1.0.0-snapshot");

    [Fact]
    public async Task SnapshotStageAsync_FailedJob_CarriesItsStepExitCodeAndRedactedTail()
    {
        await using var sim = await StartedAsync(("gh/acme/api", Project(Workflow("build", Job("compile", 5), Job("unit-tests", 5, "failed")))));
        var api = await FinishedAsync(sim, "gh/acme/api");

        var report = await SnapshotAsync(sim.Client, Failed("api", api));

        var job = report.Components[0].Pipeline!.Workflows[0].Jobs.Single(j => j.Name == "unit-tests");
        var step = Assert.IsType<FailedStepReport>(job.FailedStep);
        Assert.Equal("unit-tests", step.Name);
        Assert.Equal("failed", step.Status);
        Assert.Equal(1, step.ExitCode);
        Assert.Equal(FailedStepBounds.MaxLines, step.OutputTail.Count);
        Assert.Contains("Exited with code exit status 1", step.OutputTail[^1], StringComparison.Ordinal);
        Assert.Contains(step.OutputTail, l => l.Contains("CIRCLECI_TOKEN=***", StringComparison.Ordinal));
        Assert.DoesNotContain(step.OutputTail, l => l.Contains("CCIPAT_", StringComparison.Ordinal));
        Assert.Null(step.OutputUnavailable);
        Assert.Null(report.Components[0].Pipeline!.Workflows[0].Jobs.Single(j => j.Name == "compile").FailedStep);
        Assert.Equal("job unit-tests in workflow build failed at step \"unit-tests\" (exit 1)", report.Components[0].Reason);
        Assert.StartsWith("component api failed: job unit-tests in workflow build failed at step \"unit-tests\" (exit 1)", report.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotStageAsync_ManyFailedJobs_ReadsTenStepsTheFailedComponentsFirst()
    {
        var many = Enumerable.Range(1, 12).Select(i => Job($"t{i:00}", 5, i % 3 == 0 ? "timedout" : "failed").Independent()).ToArray();
        await using var sim = await StartedAsync(
            ("gh/acme/other", Project(Workflow("build", [.. many, Job("canceled-one", 5, "canceled").Independent()]))),
            ("gh/acme/api", Project(Workflow("build", Job("unit-tests", 5, "failed")))));
        var other = await FinishedAsync(sim, "gh/acme/other");
        var api = await FinishedAsync(sim, "gh/acme/api");

        // "other" comes first in the stage, but "api" is the failure that stopped it.
        var report = await SnapshotAsync(sim.Client, Failed("other", other), Failed("api", api));

        Assert.NotNull(report.Components[1].Pipeline!.Workflows[0].Jobs.Single().FailedStep);
        var otherJobs = report.Components[0].Pipeline!.Workflows[0].Jobs;
        Assert.Equal(FailedStepBounds.MaxStepsPerSnapshot - 1, otherJobs.Count(j => j.FailedStep is not null));
        Assert.Null(otherJobs.Single(j => j.Name == "canceled-one").FailedStep);
        Assert.All(otherJobs.Where(j => j.FailedStep is not null), j =>
        {
            Assert.Equal(j.Name, j.FailedStep!.Name);
            Assert.Equal(j.Status, j.FailedStep.Status);
            Assert.InRange(j.FailedStep.OutputTail.Count, 1, FailedStepBounds.MaxLines);
            Assert.All(j.FailedStep.OutputTail, l => Assert.True(l.Length <= FailedStepBounds.MaxLineLength));
        });
        Assert.Equal(FailedStepBounds.MaxStepsPerSnapshot, sim.Host.GetStats().CallsTo(V1JobRoute));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "403 Forbidden")]
    [InlineData(HttpStatusCode.NotFound, "404 Not Found")]
    public async Task SnapshotStageAsync_V1Refused_ReportsTheJobWithTheRefusalInsteadOfItsStep(HttpStatusCode refusal, string said)
    {
        await using var sim = await StartedAsync(("gh/acme/api", Project(Workflow("build", Job("unit-tests", 5, "failed")))));
        var api = await FinishedAsync(sim, "gh/acme/api");
        using var proxy = new V1Proxy(_ => refusal);

        var report = await SnapshotAsync(proxy.ClientFor(sim.Host), Failed("api", api));

        var step = Assert.IsType<FailedStepReport>(report.Components[0].Pipeline!.Workflows[0].Jobs.Single().FailedStep);
        Assert.Equal("", step.Name);
        Assert.Equal(FailedStepBounds.UnknownStatus, step.Status);
        Assert.Empty(step.OutputTail);
        Assert.StartsWith("the failing step could not be read: CircleCI GET /project/github/acme/api/", step.OutputUnavailable, StringComparison.Ordinal);
        Assert.Contains($"answered {said}: refused by the proxy", step.OutputUnavailable, StringComparison.Ordinal);
        Assert.Equal("job unit-tests in workflow build failed", report.Components[0].Reason);
        Assert.Equal(1, proxy.V1Calls);
    }

    [Fact]
    public async Task SnapshotStageAsync_V1KeepsFailing_TriesAFewTimesThenReportsItUnavailable()
    {
        await using var sim = await StartedAsync(("gh/acme/api", Project(Workflow("build", Job("unit-tests", 5, "failed")))));
        var api = await FinishedAsync(sim, "gh/acme/api");
        using var proxy = new V1Proxy(_ => HttpStatusCode.BadGateway);
        var beats = 0;

        var report = await SnapshotAsync(proxy.ClientFor(sim.Host), [Failed("api", api)], () => Interlocked.Increment(ref beats));

        var step = report.Components[0].Pipeline!.Workflows[0].Jobs.Single().FailedStep;
        Assert.Contains("502 Bad Gateway", step!.OutputUnavailable, StringComparison.Ordinal);
        Assert.Equal(3, proxy.V1Calls);
        Assert.StartsWith("component api failed: job unit-tests in workflow build failed;", report.Reason, StringComparison.Ordinal);
        // The retries take 750 ms; the activity beats every 100 ms meanwhile.
        Assert.True(beats > 0, "no heartbeat while the step was read");
    }

    [Fact]
    public async Task SnapshotStageAsync_ProjectV1CannotAddress_ReportsWhyWithoutCallingIt()
    {
        const string Slug = "circleci/9f8e7d/api";
        await using var sim = await StartedAsync((Slug, Project(Workflow("build", Job("unit-tests", 5, "failed")))));
        var api = await FinishedAsync(sim, Slug);

        var report = await SnapshotAsync(sim.Client, Failed("api", api));

        var step = report.Components[0].Pipeline!.Workflows[0].Jobs.Single().FailedStep;
        Assert.Equal($"project {Slug} is not on GitHub or Bitbucket, and CircleCI has step output (API v1.1) only for those", step!.OutputUnavailable);
        Assert.Equal(0, sim.Host.GetStats().CallsTo(V1JobRoute));
    }

    [Fact]
    public async Task SnapshotStageAsync_ReusedAndDecidedComponents_AreMarked()
    {
        await using var sim = await StartedAsync(("gh/acme/api", Project(Workflow("build", Job("compile", 5)))));
        var api = await FinishedAsync(sim, "gh/acme/api");
        var reused = new ReusedComponent("api", "1.0.0-SNAPSHOT", "run-1", api);
        var skip = new OperatorAction(OperatorActionKinds.Skip, "alice", "released by hand", DateTimeOffset.UnixEpoch, "api");
        var component = new StageComponent(Planned("api", api.ProjectSlug), "main", new ComponentResult("api", ComponentOutcome.Succeeded, "reused", api), reused, skip);

        var report = await SnapshotAsync(sim.Client, component);

        var marked = report.Components.Single();
        Assert.Equal(new ReusedFrom("run-1", api.Number, api.WebUrl), marked.ReusedFrom);
        Assert.Equal(skip, marked.Decision);
    }

    private static async Task<SimHarness> StartedAsync(params (string Slug, ProjectSpec Project)[] projects) =>
        await SimHarness.StartAsync(Of(projects), new SimulatorOptions { TimeScale = 0.01 });

    private static async Task<PipelineRef> FinishedAsync(SimHarness sim, string slug)
    {
        var created = await sim.Client.TriggerPipelineAsync(slug, "main");
        await Eventually.UntilAsync(
            () => sim.Client.GetWorkflowsAsync(created.Id),
            w => w.Count > 0 && w.All(x => CircleCiValues.ParseWorkflowStatus(x.Status).IsTerminal()));
        return new PipelineRef(created.Id, created.Number, slug, "main", DateTimeOffset.UtcNow);
    }

    private static PlannedComponent Planned(string name, string slug) =>
        new(name, "1.0.0-SNAPSHOT", slug, "main", new Dictionary<string, System.Text.Json.JsonElement>());

    private static StageComponent Failed(string name, PipelineRef pipeline) => new(
        Planned(name, pipeline.ProjectSlug),
        "main",
        new ComponentResult(name, ComponentOutcome.Failed, "workflow \"build\" failed", pipeline, new WorkflowObservation("w", "build", CircleCiWorkflowStatus.Failed)));

    private static Task<StageReport> SnapshotAsync(CircleCiClient client, params StageComponent[] components) =>
        SnapshotAsync(client, components, null);

    private static Task<StageReport> SnapshotAsync(CircleCiClient client, StageComponent[] components, Action? heartbeat)
    {
        var request = new StageSnapshotRequest(
            Release, new StageRef(1, 1), StageOutcomes.Failed, "failed", DateTimeOffset.UtcNow, components, FailedComponent: components[^1].Planned.Name);
        var activities = new CircleCiActivities(client, NullLogger<CircleCiActivities>.Instance);
        var environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { HeartbeatTimeout = TimeSpan.FromMilliseconds(400) },
            Heartbeater = _ => heartbeat?.Invoke(),
        };
        return environment.RunAsync(() => activities.SnapshotStageAsync(request));
    }

    /// <summary>A proxy in front of the simulator that answers API v1.1 calls itself, as a network policy might.</summary>
    private sealed class V1Proxy(Func<HttpRequestMessage, HttpStatusCode> answer) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly List<HttpClient> clients = [];
        private int v1Calls;

        public int V1Calls => v1Calls;

        public CircleCiClient ClientFor(CircleCiSimulatorHost host)
        {
            var http = new HttpClient(this, disposeHandler: false);
            clients.Add(http);
            return new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = host.BaseUrl, Token = Token, Timeout = TimeSpan.FromSeconds(10) });
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.RequestUri!.AbsolutePath.StartsWith("/api/v1.1/", StringComparison.Ordinal))
            {
                return base.SendAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref v1Calls);
            var status = answer(request);
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent("""{"message":"refused by the proxy"}""", Encoding.UTF8, "application/json"),
            });
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                clients.ForEach(c => c.Dispose());
            }

            base.Dispose(disposing);
        }
    }
}
