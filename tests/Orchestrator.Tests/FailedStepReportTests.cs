using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.Activities.Release;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;
using Release.Workflows.Release.Reports;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace Orchestrator.Tests;

/// <summary>
/// Why a job failed, without opening CircleCI: the stage report of a failed release carries the
/// failing step of each failed job (CircleCI API v1.1), secrets masked, through the real worker,
/// workflows and simulator; and a v1.1 API that refuses costs the report only that step.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class FailedStepReportTests(OrchestratorFixture fixture)
{
    [Fact]
    public async Task RunAsync_JobFails_ReportCarriesTheFailingStepAndItsTailWithSecretsMasked()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.FailureInStageTwo);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b2"]));

        var summary = await FailedSummaryAsync(handle);

        var b2 = summary.Stages[^1].Components.Single(c => c.Name == "b2");
        var job = b2.Pipeline!.Workflows.Single().Jobs.Single(j => j.Name == "unit-tests");
        var step = Assert.IsType<FailedStepReport>(job.FailedStep);
        Assert.Equal(("unit-tests", "failed", 1L), (step.Name, step.Status, step.ExitCode!.Value));
        Assert.Equal(50, step.OutputTail.Count);
        Assert.Contains("Exited with code exit status 1", step.OutputTail[^1], StringComparison.Ordinal);
        // The simulator prints a fake token among the last lines; only its mask may reach the report.
        Assert.Contains(step.OutputTail, l => l.Contains("export CIRCLECI_TOKEN=***", StringComparison.Ordinal));
        Assert.Null(step.OutputUnavailable);
        Assert.Null(b2.Pipeline.Workflows.Single().Jobs.Single(j => j.Name == "compile").FailedStep);
        Assert.Null(summary.Stages[0].Components.Single().Pipeline!.Workflows.Single().Jobs[0].FailedStep);
        Assert.StartsWith("component b2 failed: job unit-tests in workflow build failed at step \"unit-tests\" (exit 1)", summary.Reason, StringComparison.Ordinal);

        var logged = (string)harness.Reports.Events.Last()["StageReport"]!;
        Assert.Contains("\"failed_step\":{\"name\":\"unit-tests\",\"status\":\"failed\",\"exit_code\":1", logged, StringComparison.Ordinal);
        var history = PayloadText((await handle.FetchHistoryAsync()).ToJson());
        Assert.Contains("Exited with code exit status 1", history, StringComparison.Ordinal);
        foreach (var text in new[] { logged, history })
        {
            Assert.DoesNotContain("CCIPAT_", text, StringComparison.Ordinal);
            Assert.DoesNotContain(ReleaseHarness.Token, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_V1ApiRefused_ReportStillArrivesSayingWhyTheStepIsUnavailable()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.FailureInStageTwo, inProcessWorker: false);
        using var proxy = new V1RefusingHandler();
        using var http = new HttpClient(proxy);
        var circleCi = new CircleCiClient(http, new CircleCiClientOptions { BaseUrl = harness.Simulator.BaseUrl, Token = ReleaseHarness.Token });
        var activities = new CircleCiActivities(circleCi, NullLogger<CircleCiActivities>.Instance);
        using var worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(harness.TaskQueue)
            .AddWorkflow<ReleaseWorkflow>()
            .AddWorkflow<ComponentWorkflow>()
            .AddAllActivities(new ReportActivities(harness.Reports))
            .AddWorkflow<ReleaseEventsWorkflow>()
            .AddAllActivities(TestEvents.Activities(harness.EventsFile))
            .AddActivity(activities.TriggerPipelineAsync)
            .AddActivity(activities.RerunWorkflowAsync)
            .AddActivity(activities.GetPipelineStatusAsync)
            .AddActivity(activities.CancelPipelinesAsync)
            .AddActivity(activities.SnapshotStageAsync)
            .AddActivity(activities.SnapshotFailureAsync));

        var summary = await worker.ExecuteAsync(async () =>
        {
            var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b2"]));
            return await FailedSummaryAsync(handle);
        });

        var job = summary.Stages.Single().Components.Single().Pipeline!.Workflows.Single().Jobs.Single(j => j.Name == "unit-tests");
        var step = Assert.IsType<FailedStepReport>(job.FailedStep);
        Assert.Equal("", step.Name);
        Assert.Empty(step.OutputTail);
        Assert.StartsWith("the failing step could not be read: CircleCI GET /project/github/acme/b2/", step.OutputUnavailable, StringComparison.Ordinal);
        Assert.EndsWith("answered 403 Forbidden: API v1.1 is blocked here.", step.OutputUnavailable, StringComparison.Ordinal);
        Assert.StartsWith("component b2 failed: job unit-tests in workflow build failed;", summary.Reason, StringComparison.Ordinal);
        Assert.Equal(1, proxy.Refused);
        Assert.Contains("output_unavailable", (string)Assert.Single(harness.Reports.Events)["StageReport"]!, StringComparison.Ordinal);
    }

    // History JSON holds payloads in base64: the text they carry, one after the other.
    private static string PayloadText(string historyJson) => string.Join(
        "\n",
        System.Text.RegularExpressions.Regex.Matches(historyJson, "\"data\": ?\"([A-Za-z0-9+/=]+)\"")
            .Select(m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))));

    private static async Task<ReleaseSummary> FailedSummaryAsync(WorkflowHandle<ReleaseWorkflow, ReleaseSummary> handle)
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());
        var cause = Assert.IsType<ApplicationFailureException>(failure.InnerException);
        Assert.Equal("ReleaseFailed", cause.ErrorType);
        return cause.Details.ElementAt<ReleaseSummary>(0);
    }

    /// <summary>A network policy in front of CircleCI that lets API v2 through and refuses API v1.1.</summary>
    private sealed class V1RefusingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private int refused;

        public int Refused => refused;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!request.RequestUri!.AbsolutePath.StartsWith("/api/v1.1/", StringComparison.Ordinal))
            {
                return base.SendAsync(request, cancellationToken);
            }

            Interlocked.Increment(ref refused);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent("""{"message":"API v1.1 is blocked here."}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
