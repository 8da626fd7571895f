using CloudNative.CloudEvents;
using Release.Events;
using Release.Workflows.Release;
using Release.Workflows.Release.Control;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace Orchestrator.Tests;

/// <summary>
/// Every transition of a release as events, through the worker's events activity to the real
/// RabbitMQ broker (read back from a bound queue) or the NDJSON file, against the simulator. A
/// broker outage is <see cref="BrokerOutageTests"/>.
/// </summary>
[Collection(OrchestratorCollection.Name)]
public sealed class ReleaseEventsTests(OrchestratorFixture fixture)
{
    private const string PipelineRun = "dev.cdevents.pipelinerun.";
    private static readonly ReleaseSettings Ask = new(Watch: ReleaseHarness.FastWatch, OnFailure: FailurePolicy.Ask);

    [SkippableFact]
    public async Task Success_PublishesEveryTransitionOnceInBothVocabularies()
    {
        await using var broker = await BrokerQueue.CreateAsync();
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, events: broker.Publisher);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1", "b2"]));
        await handle.GetResultAsync();

        var events = await ReadAsync(broker);
        events.AssertEachValid();
        Assert.Equal(events.All.Count, events.All.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(PipelineRun + "queued.0.2.0", events.Types[0]);
        Assert.Equal(Seed004Mapper.ConfidenceLevelModified, events.Types[^1]);
        Assert.Equal(
            new Dictionary<string, int>
            {
                [PipelineRun + "queued.0.2.0"] = 1,
                [PipelineRun + "started.0.2.0"] = 1,
                [Seed004Mapper.BaselineDefined] = 1,
                ["dev.cdevents.taskrun.started.0.2.0"] = 3,
                ["dev.cdevents.taskrun.finished.0.2.0"] = 3,
                ["dev.cdevents.artifact.packaged.0.2.0"] = 3,
                ["dev.cdevents.artifact.published.0.2.0"] = 3,
                [Seed004Mapper.ArtifactCreated] = 3,
                [PipelineRun + "finished.0.2.0"] = 1,
                [Seed004Mapper.ConfidenceLevelModified] = 1,
            },
            events.Types.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()));

        // Links: the release run's page names its workflow and run; each task run its CircleCI pipeline.
        var finished = Assert.Single(events.OfType(PipelineRun + "finished.0.2.0"));
        Assert.Equal("success", PublishedEvents.Content(finished, "outcome"));
        Assert.EndsWith($"/workflows/{harness.WorkflowId}/{handle.ResultRunId}", PublishedEvents.Content(finished, "url"), StringComparison.Ordinal);
        Assert.All(events.OfType("dev.cdevents.taskrun.finished.0.2.0"), e =>
        {
            Assert.StartsWith("https://app.circleci.com/pipelines/gh/acme/", PublishedEvents.Content(e, "url"), StringComparison.Ordinal);
            Assert.Equal("success", PublishedEvents.Content(e, "outcome"));
        });
        Assert.Equal(["a1", "b1", "b2"], events.OfType(Seed004Mapper.ArtifactCreated).Select(e => PublishedEvents.Data(e, "artifactName")).Order());
        Assert.Equal("a1-main-1.0.0-SNAPSHOT,b1-main-1.0.0-SNAPSHOT,b2-main-1.0.0-SNAPSHOT", PublishedEvents.Data(Assert.Single(events.OfType(Seed004Mapper.BaselineDefined)), "consistsOf"));
        Assert.Equal("SUCCESS", PublishedEvents.Confidence(Assert.Single(events.OfType(Seed004Mapper.ConfidenceLevelModified))));
        await HistoryExport.SaveIfAskedAsync("release-events.json", await handle.FetchHistoryAsync());
    }

    [SkippableFact]
    public async Task Failure_IsAFailedTaskRunAndAFailedReleaseWithNoArtifactForTheFailedComponent()
    {
        await using var broker = await BrokerQueue.CreateAsync();
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2Fails, events: broker.Publisher);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"]));
        await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        var events = await ReadAsync(broker);
        events.AssertEachValid();
        var b2 = Assert.Single(events.OfType("dev.cdevents.taskrun.finished.0.2.0"), e => PublishedEvents.Content(e, "taskName") == "b2");
        Assert.Equal("failure", PublishedEvents.Content(b2, "outcome"));
        Assert.DoesNotContain(events.OfType(Seed004Mapper.ArtifactCreated), e => PublishedEvents.Data(e, "artifactName") == "b2");
        var finished = Assert.Single(events.OfType(PipelineRun + "finished.0.2.0"));
        Assert.Equal("failure", PublishedEvents.Content(finished, "outcome"));
        Assert.Contains("b2", PublishedEvents.Content(finished, "errors"), StringComparison.Ordinal);
        Assert.Equal("FAILURE", PublishedEvents.Confidence(Assert.Single(events.OfType(Seed004Mapper.ConfidenceLevelModified))));
    }

    [SkippableFact]
    public async Task DecisionToRetry_IsADecisionEventAndASecondAttemptWithItsOwnIds()
    {
        await using var broker = await BrokerQueue.CreateAsync();
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.B2FailsOnce, events: broker.Publisher);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["b1", "b2"]), Ask, timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);
        await handle.ExecuteUpdateAsync(wf => wf.DecideAsync(new DecisionRequest("b2", DecisionAction.Retry, "known flake", "alice")));
        await handle.GetResultAsync();

        var events = await ReadAsync(broker);
        events.AssertEachValid();
        var decision = Assert.Single(events.OfType("dev.cdeventsx.release-decision.made.0.1.0"));
        Assert.Equal(("retry", "alice", "known flake", "b2"), (PublishedEvents.Content(decision, "action"), PublishedEvents.Content(decision, "by"), PublishedEvents.Content(decision, "reason"), PublishedEvents.Content(decision, "component")));
        var b2Runs = events.OfType("dev.cdevents.taskrun.finished.0.2.0").Where(e => PublishedEvents.Content(e, "taskName") == "b2").ToList();
        Assert.Equal(["failure", "success"], b2Runs.Select(e => PublishedEvents.Content(e, "outcome")));
        Assert.NotEqual(b2Runs[0].GetProperty("id").GetString(), b2Runs[1].GetProperty("id").GetString());
        Assert.Single(events.OfType(Seed004Mapper.ArtifactCreated), e => PublishedEvents.Data(e, "artifactName") == "b2");
        Assert.Equal("SUCCESS", PublishedEvents.Confidence(Assert.Single(events.OfType(Seed004Mapper.ConfidenceLevelModified))));
    }

    [SkippableFact]
    public async Task ApprovalAndAbort_AreOperatorEventsNamingWhoAndWhy_AndTheReleaseEndsAborted()
    {
        await using var broker = await BrokerQueue.CreateAsync();
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllSlow, events: broker.Publisher);
        var settings = new ReleaseSettings(Watch: ReleaseHarness.FastWatch, ApproveBeforeStages: [1]);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), settings, timeout: TimeSpan.FromSeconds(90));
        await harness.WaitForProgressAsync(handle, p => p.Waiting?.Count > 0);
        await handle.ExecuteUpdateAsync(wf => wf.ApproveAsync(new ApprovalRequest("go", "bob")));
        await harness.WaitForProgressAsync(handle, p => p.Stages[0].Components[0].PipelineNumber is not null);
        await handle.SignalAsync(wf => wf.AbortAsync(new AbortRequest("wrong branch", false, "carol")));
        await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync());

        var events = await ReadAsync(broker);
        events.AssertEachValid();
        var approval = Assert.Single(events.OfType("dev.cdeventsx.release-approval.granted.0.1.0"));
        Assert.Equal(("approve", "bob", "go"), (PublishedEvents.Content(approval, "action"), PublishedEvents.Content(approval, "by"), PublishedEvents.Content(approval, "reason")));
        var abort = Assert.Single(events.OfType("dev.cdeventsx.release-run.aborted.0.1.0"));
        Assert.Equal(("carol", "wrong branch"), (PublishedEvents.Content(abort, "by"), PublishedEvents.Content(abort, "reason")));
        Assert.Equal("ABORTED", PublishedEvents.Confidence(Assert.Single(events.OfType(Seed004Mapper.ConfidenceLevelModified))));

        // Who aborted is also among the operator actions (Patches.AbortRecorded), beside the approval.
        var progress = await handle.QueryAsync(wf => wf.GetProgress());
        Assert.Contains(progress.Actions ?? [], a => a is { Kind: "abort", By: "carol", Reason: "wrong branch" });

        // release-events-abort.json is this run before the patch; this one replays it.
        await HistoryExport.SaveIfAskedAsync("release-abort-recorded.json", await handle.FetchHistoryAsync());
    }

    [SkippableFact]
    public async Task Resume_IsAResumeEventOfTheNewRun_AndReusedComponentsPublishNoSecondArtifact()
    {
        await using var broker = await BrokerQueue.CreateAsync();
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, events: broker.Publisher);
        var first = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1"]));
        var summary = await first.GetResultAsync();
        var a1 = summary.Stages[0].Components.Single();
        var resume = new ResumeFrom(first.ResultRunId!, "dave", "b1 again", [new ReusedComponent("a1", "1.0.0-SNAPSHOT", first.ResultRunId!, new PipelineRef(a1.Pipeline!.Id, a1.Pipeline.Number, a1.Pipeline.ProjectSlug, "main", DateTimeOffset.UtcNow))]);
        await broker.DrainAsync();

        var second = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"], ["b1"]), new ReleaseSettings(Watch: ReleaseHarness.FastWatch, Resume: resume));
        await second.GetResultAsync();

        var events = await ReadAsync(broker);
        events.AssertEachValid();
        var resumed = Assert.Single(events.OfType("dev.cdeventsx.release-run.resumed.0.1.0"));
        Assert.Equal(("dave", "b1 again"), (PublishedEvents.Content(resumed, "by"), PublishedEvents.Content(resumed, "reason")));
        Assert.Equal(["b1"], events.OfType(Seed004Mapper.ArtifactCreated).Select(e => PublishedEvents.Data(e, "artifactName")));
        Assert.All(events.All.Where(e => e.GetProperty("type").GetString()!.StartsWith(PipelineRun, StringComparison.Ordinal)), e =>
            Assert.Equal($"{harness.WorkflowId}/{second.ResultRunId}", e.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task PublishRetriedAfterItWrote_RepublishesTheSameIds()
    {
        var file = TestEvents.NewFile();
        var sink = new FailingOnceAfterWriting(new NdjsonEventSink(file));
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick, events: sink);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]));
        await handle.GetResultAsync();

        var events = new PublishedEvents(await NdjsonEventSink.ReadAllAsync(file));
        File.Delete(file);
        var ids = events.All.Select(e => e.GetProperty("id").GetString()!).ToList();
        Assert.True(ids.Count > ids.Distinct().Count(), "the first batch should have been written twice");
        // Each duplicate is the same event: same id, same type, same time.
        Assert.All(events.All.GroupBy(e => e.GetProperty("id").GetString()), g => Assert.Single(g.Select(e => e.GetRawText()).Distinct()));
        Assert.Equal(10, ids.Distinct().Count());
    }

    [Fact]
    public async Task PublishEventsOff_PublishesNothing()
    {
        await using var harness = await ReleaseHarness.StartAsync(fixture.Client, Scenarios.AllQuick);
        var handle = await harness.StartReleaseAsync(ReleaseHarness.Plan(["a1"]), new ReleaseSettings(Watch: ReleaseHarness.FastWatch, PublishEvents: false));
        await handle.GetResultAsync();

        Assert.False(File.Exists(harness.EventsFile));
    }

    private static async Task<PublishedEvents> ReadAsync(BrokerQueue broker) => new(await broker.DrainAsync());

    /// <summary>Writes the first batch, then fails as a broker whose confirm was lost would: the activity is retried.</summary>
    private sealed class FailingOnceAfterWriting(IEventSink inner) : IEventSink
    {
        private int calls;

        public async Task PublishAsync(string product, IEnumerable<CloudEvent> events, CancellationToken cancellationToken = default)
        {
            await inner.PublishAsync(product, events, cancellationToken);
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("connection lost before the confirm");
            }
        }

        public string Describe() => inner.Describe();
    }
}
