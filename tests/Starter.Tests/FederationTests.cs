using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.Events;
using Release.Activities.Release;
using Release.Events;
using Release.Events.RabbitMq;
using Release.Events.Triggers;
using Release.Releases.Operations;
using Release.Starter.Releases;
using Release.Worker;
using Release.Workflows.Release;
using Temporalio.Worker;

namespace Starter.Tests;

/// <summary>
/// Seed 004's federation end to end, on one broker: two orchestrators (two task queues, each its
/// own worker, events source and triggers consumer). A release of the upstream one succeeds; its
/// ConfidenceLevelModified starts the downstream release through the downstream's trigger; the
/// downstream release's own confidence level comes back and the upstream records it.
/// </summary>
[Collection(StarterCollection.Name)]
public sealed class FederationTests(StarterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public async Task UpstreamSuccess_StartsTheDownstreamRelease_WhoseConfidenceLevelTheUpstreamRecords()
    {
        var url = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
        Skip.If(url == "skip", "RELEASE_TEST_RABBITMQ=skip");
        Assert.False(string.IsNullOrEmpty(url), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first");
        var broker = new Uri(url!);
        var exchange = $"release.events.federation-{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource(Patience);
        await using var upstream = new Orchestrator("upstream", fixture, broker, exchange);
        await using var downstream = new Orchestrator("downstream", fixture, broker, exchange);
        var (upstreamManifest, upstreamId) = Manifests.Write(["alpha"], ["beta"]);
        var (downstreamManifest, downstreamId) = Manifests.Write(["gamma"]);
        var upstreamBaseline = BaselineOf(upstreamManifest);
        var downstreamBaseline = BaselineOf(downstreamManifest);
        var folder = Path.GetDirectoryName(upstreamManifest)!;
        var ledger = Path.Combine(folder, $"confidence-{Guid.NewGuid():N}.ndjson");

        var downstreamTriggers = await upstream.WriteTriggersAsync(folder, $$"""
            triggers:
              - name: test-on-upstream
                on:
                  type: io.openci.ConfidenceLevelModified
                  where: { baselineName: "{{upstreamBaseline}}", confidenceLevel.RELEASE: SUCCESS }
                start: { manifest: {{Path.GetFileName(downstreamManifest)}}, branch: main }
            """);
        var upstreamTriggers = await upstream.WriteTriggersAsync(folder, $$"""
            triggers:
              - name: record-downstream-confidence
                on:
                  type: io.openci.ConfidenceLevelModified
                  where: { baselineName: "{{downstreamBaseline}}" }
                record: {{Path.GetFileName(ledger)}}
            """);
        var upstreamConsumer = upstream.ConsumeAsync(upstreamTriggers, stop.Token);
        var downstreamConsumer = downstream.ConsumeAsync(downstreamTriggers, stop.Token);
        await Task.WhenAll(upstream.Declared, downstream.Declared).WaitAsync(stop.Token);

        var started = await upstream.StartAsync(upstreamManifest, stop.Token);
        var upstreamSummary = await started.GetResultAsync().WaitAsync(stop.Token);
        while (!File.Exists(ledger))
        {
            await Task.Delay(100, stop.Token);
        }

        await stop.CancelAsync();
        await Task.WhenAll(upstreamConsumer, downstreamConsumer);

        Assert.Equal("succeeded", upstreamSummary.Outcome);
        var recorded = Assert.Single(await NdjsonEventSink.ReadAllAsync(ledger));
        Assert.Equal(downstream.Source, recorded.Source);
        var data = JsonSerializer.SerializeToElement(recorded.Data);
        Assert.Equal((downstreamBaseline, "SUCCESS"), (data.GetProperty("baselineName").GetString(), data.GetProperty("confidenceLevel").GetProperty("RELEASE").GetString()));
        var triggered = Assert.Single(downstream.Printed, l => l.Contains("trigger test-on-upstream: started", StringComparison.Ordinal));
        var downstreamRun = triggered[(triggered.LastIndexOf(' ') + 1)..];
        Assert.StartsWith("trigger-test-on-upstream-", downstreamRun, StringComparison.Ordinal);
        var state = await ReleaseLookup.GetAsync(fixture.Client, downstreamRun, CancellationToken.None);
        Assert.Equal((downstreamId.Split('-')[1], "succeeded"), (state.Input.Plan.ReleaseName, state.Status));
        Assert.Contains(upstream.Printed, l => l.Contains($"trigger record-downstream-confidence: recorded in {ledger}", StringComparison.Ordinal));
        Assert.NotEqual(upstreamId, downstreamRun);
    }

    private static string BaselineOf(string manifest)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return $"{document.RootElement.GetProperty("name").GetString()}-{document.RootElement.GetProperty("version").GetString()}";
    }

    /// <summary>One orchestrator: a worker on a task queue of its own publishing to the shared broker under its own source, and its triggers consumer.</summary>
    private sealed class Orchestrator : IAsyncDisposable
    {
        private readonly StarterFixture fixture;
        private readonly Uri broker;
        private readonly string exchange;
        private readonly TemporalWorker worker;
        private readonly CancellationTokenSource stopWorker = new();
        private readonly Task workerRun;
        private readonly TaskCompletionSource declared = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Orchestrator(string name, StarterFixture fixture, Uri broker, string exchange)
        {
            this.fixture = fixture;
            this.broker = broker;
            this.exchange = exchange;
            Source = new Uri($"https://{name}.example.com/orchestrator");
            var events = new EventSettings { RabbitMq = broker, Exchange = exchange, Source = Source };
            worker = new TemporalWorker(fixture.Client, new TemporalWorkerOptions(TaskQueue)
                .AddReleaseWorkflows(fixture.CircleCi, NullLoggerFactory.Instance, fixture.Reports, events: events));
            workerRun = worker.ExecuteAsync(stopWorker.Token);
        }

        public string TaskQueue { get; } = $"federation-{Guid.NewGuid():N}";

        public Uri Source { get; }

        public List<string> Printed { get; } = [];

        private string Queue { get; } = $"release.triggers-{Guid.NewGuid():N}";

        /// <summary>Done once the consumer's queue is bound: events published from then on reach it.</summary>
        public Task Declared => declared.Task;

        public async Task<string> WriteTriggersAsync(string folder, string yaml)
        {
            var path = Path.Combine(folder, $"triggers-{Guid.NewGuid():N}.yaml");
            await File.WriteAllTextAsync(path, yaml);
            return path;
        }

        public async Task ConsumeAsync(string triggersFile, CancellationToken cancellationToken)
        {
            var triggers = TriggerFileParser.Load(triggersFile);
            var print = (string line) =>
            {
                lock (Printed)
                {
                    Printed.Add(line);
                }
            };
            var runner = new TriggerRunner(triggers, new TriggerReleaseStarter(fixture.Client, TaskQueue, print), print);
            await new RabbitMqTriggerConsumer(broker, exchange, Queue, triggers.Types).RunAsync(runner.HandleAsync, print, declared.SetResult, cancellationToken);
        }

        public async Task<Temporalio.Client.WorkflowHandle<ReleaseWorkflow, Release.Workflows.Release.Reports.ReleaseSummary>> StartAsync(string manifest, CancellationToken cancellationToken)
        {
            var plan = Release.Workflows.Manifest.ExecutionPlanner.Build(ManifestLoader.Load(manifest), new() { Branch = "main" });
            return await ReleaseStarter.StartAsync(fixture.Client, TaskQueue, new ReleaseInput(plan, new ReleaseSettings(Branch: "main")), _ => { }, cancellationToken);
        }

        public async ValueTask DisposeAsync()
        {
            await stopWorker.CancelAsync();
            try
            {
                await workerRun;
            }
            catch (OperationCanceledException)
            {
                // How a worker run ends when asked to stop.
            }

            worker.Dispose();
            stopWorker.Dispose();
        }
    }
}
