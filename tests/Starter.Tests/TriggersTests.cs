using System.Text.Json;
using CloudNative.CloudEvents;
using RabbitMQ.Client;
using Release.Events;
using Release.Events.RabbitMq;
using Release.Events.Triggers;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;

namespace Starter.Tests;

/// <summary>
/// <c>release triggers run</c> against the CI's RabbitMQ broker (<c>RELEASE_TEST_RABBITMQ</c>) and
/// the suite's dev server: events start the releases the triggers file maps them to, once each,
/// even when redelivered. Each test has an exchange and a queue of its own.
/// </summary>
[Collection(StarterCollection.Name)]
public sealed class TriggersTests(StarterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Run_MatchingEvent_StartsItsReleaseWithTheDerivedIdBranchAndParams_AnotherEventNothing()
    {
        await using var setup = await TriggerSetup.CreateAsync(fixture, dryRun: false);
        var other = TriggerSetup.Artifact("web", "3.5.2", "3.5.x");
        var matching = TriggerSetup.Artifact("api", "3.5.2", "3.5.x");

        var result = await setup.RunUntilAsync([other, matching], setup.WorkflowId(matching));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"io.openci.ArtifactCreated {other.Id}: no trigger matches", result.Out, StringComparison.Ordinal);
        Assert.Contains($"io.openci.ArtifactCreated {matching.Id}: trigger on-api: started {setup.WorkflowId(matching)}", result.Out, StringComparison.Ordinal);
        Assert.Equal(0, await setup.CountAsync(setup.WorkflowId(other)));
        var started = await ReleaseLookup.GetAsync(fixture.Client, setup.WorkflowId(matching), CancellationToken.None);
        Assert.Equal("3.5.x", started.Input.Settings.Branch);
        Assert.False(started.Input.Settings.DryRun);
        var component = started.Input.Plan.Stages.Single().Components.Single();
        Assert.Equal(("alpha", "3.5.x"), (component.Name, component.Branch));
        Assert.Equal("3.5.2", component.Parameters["api_version"].GetString());
        Assert.Equal(JsonValueKind.True, component.Parameters["notify"].ValueKind);
    }

    [SkippableFact]
    public async Task Run_SameEventPublishedTwice_OneRelease()
    {
        await using var setup = await TriggerSetup.CreateAsync(fixture);
        var twice = TriggerSetup.Artifact("api", "3.5.2", "3.5.x");
        var after = TriggerSetup.Artifact("api", "3.5.3", "3.5.x");

        // Handled in order: once the release of the event after them exists, both copies were handled.
        var result = await setup.RunUntilAsync([twice, twice, after], setup.WorkflowId(after));

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"{twice.Id}: trigger on-api: started {setup.WorkflowId(twice)}", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{twice.Id}: trigger on-api: already started {setup.WorkflowId(twice)}", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, await setup.CountAsync(setup.WorkflowId(twice)));
    }

    [SkippableFact]
    public async Task Run_SameEventAfterItsReleaseEnded_NoSecondRun()
    {
        await using var setup = await TriggerSetup.CreateAsync(fixture);
        var late = TriggerSetup.Artifact("api", "3.5.2", "3.5.x");
        await setup.RunUntilAsync([late], setup.WorkflowId(late));
        await fixture.Client.GetWorkflowHandle(setup.WorkflowId(late)).GetResultAsync().WaitAsync(Patience);
        var after = TriggerSetup.Artifact("api", "3.5.3", "3.5.x");

        var result = await setup.RunUntilAsync([late, after], setup.WorkflowId(after));

        Assert.Contains($"{late.Id}: trigger on-api: already started {setup.WorkflowId(late)}", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, await setup.CountAsync(setup.WorkflowId(late)));
    }

    [SkippableFact]
    public async Task Run_ConsumerStoppedAfterTheStartBeforeItsAck_RedeliveredToTheNextConsumer_StillOneRelease()
    {
        await using var setup = await TriggerSetup.CreateAsync(fixture);
        var first = TriggerSetup.Artifact("api", "3.5.2", "3.5.x");
        using var stop = new CancellationTokenSource(Patience);
        using var dies = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var printed = new List<string>();
        var runner = new TriggerRunner(setup.Triggers, new TriggerReleaseStarter(fixture.Client, fixture.TaskQueue, printed.Add), printed.Add)
        {
            // The release exists, the message is not acked yet: the consumer dies here.
            AfterStart = _ => dies.CancelAsync(),
        };
        var consumer = new RabbitMqTriggerConsumer(setup.Broker, setup.Exchange, setup.Queue, setup.Triggers.Types);
        await setup.PublishAsync(first);

        await consumer.RunAsync(runner.HandleAsync, printed.Add, cancellationToken: dies.Token).WaitAsync(Patience);

        Assert.Equal([$"io.openci.ArtifactCreated {first.Id}: trigger on-api: started {setup.WorkflowId(first)}"], printed);
        var after = TriggerSetup.Artifact("api", "3.5.3", "3.5.x");
        var result = await setup.RunUntilAsync([after], setup.WorkflowId(after));
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains($"{first.Id} (redelivered): trigger on-api: already started {setup.WorkflowId(first)}", result.Out, StringComparison.Ordinal);
        Assert.Equal(1, await setup.CountAsync(setup.WorkflowId(first)));
    }

    [SkippableFact]
    public async Task Run_BrokerUnreachable_OneLineWithoutThePasswordExit3()
    {
        await using var setup = await TriggerSetup.CreateAsync(fixture);
        var environment = new Dictionary<string, string>(fixture.Environment) { ["RELEASE_EVENTS_RABBITMQ"] = "amqp://guest:secret-pw@127.0.0.1:9/" };

        var result = await Cli.RunAsync(environment, "triggers", "run", "--file", setup.File);

        InputTests.AssertOneLineError(result, ExitCodes.TemporalUnavailable, "cannot consume events at 127.0.0.1:9:");
        Assert.DoesNotContain("secret-pw", result.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A triggers file and its manifest, an exchange and a declared queue of the test's own.</summary>
    private sealed class TriggerSetup : IAsyncDisposable
    {
        private readonly StarterFixture fixture;
        private readonly IConnection connection;
        private readonly IChannel channel;
        private readonly RabbitMqEventPublisher publisher;

        private TriggerSetup(StarterFixture fixture, Uri broker, string file, IConnection connection, IChannel channel)
        {
            this.fixture = fixture;
            this.connection = connection;
            this.channel = channel;
            Broker = broker;
            File = file;
            Triggers = TriggerFileParser.Load(file);
            publisher = new RabbitMqEventPublisher(broker, Exchange);
        }

        public Uri Broker { get; }

        public string File { get; }

        public TriggersFile Triggers { get; }

        public string Exchange { get; } = $"release.events.triggers-{Guid.NewGuid():N}";

        public string Queue { get; } = $"release.triggers-{Guid.NewGuid():N}";

        public static async Task<TriggerSetup> CreateAsync(StarterFixture fixture, bool dryRun = true)
        {
            var url = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
            Skip.If(url == "skip", "RELEASE_TEST_RABBITMQ=skip");
            Assert.False(string.IsNullOrEmpty(url), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first");
            var (manifest, _) = Manifests.Write(["alpha"]);
            var file = Path.Combine(Path.GetDirectoryName(manifest)!, $"triggers-{Guid.NewGuid():N}.yaml");
            await System.IO.File.WriteAllTextAsync(file, $$$"""
                triggers:
                  - name: on-api
                    on:
                      type: io.openci.ArtifactCreated
                      where: { artifactName: api, projectBranch: "3.5.*" }
                    start:
                      manifest: {{{Path.GetFileName(manifest)}}}
                      branch: "{{data.projectBranch}}"
                      params: { api_version: "{{data.artifactVersion}}", notify: "true" }
                      dry_run: {{{(dryRun ? "true" : "false")}}}
                """);
            var broker = new Uri(url!);
            var connection = await new ConnectionFactory { Uri = broker }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            var setup = new TriggerSetup(fixture, broker, file, connection, channel);

            // Declared before anything is published, so that no event is routed to nowhere.
            await RabbitMqTriggerConsumer.DeclareAsync(channel, setup.Exchange, setup.Queue, setup.Triggers.Types);
            return setup;
        }

        /// <summary>A new event each call: its id is fixed by the release run and the component, so each has a release of its own.</summary>
        public static CloudEvent Artifact(string component, string version, string branch) =>
            new Seed004Mapper(new Uri("https://release.example.com/orchestrator"))
                .Map(ReleaseTransition.ComponentReleased(new ReleaseIdentity($"release-shop-{Guid.NewGuid():N}", "run-1", "shop", "3.5.0", "3.5.x", "http://localhost:8233"), DateTimeOffset.UtcNow, new ComponentVersion(component, version, branch), "https://app.circleci.com/pipelines/gh/acme/x/1"))
                .Single(e => e.Type == Seed004Mapper.ArtifactCreated);

        public string WorkflowId(CloudEvent cloudEvent) => TriggerWorkflowIds.For("on-api", cloudEvent.Id!);

        public Task PublishAsync(params CloudEvent[] events) => publisher.PublishAsync("shop", events);

        /// <summary>Publishes, runs <c>release triggers run</c> until the release <paramref name="until"/> exists, then stops it as Ctrl+C would.</summary>
        public async Task<CliResult> RunUntilAsync(CloudEvent[] events, string until)
        {
            using var stop = new CancellationTokenSource(Patience);
            var environment = new Dictionary<string, string>(fixture.Environment) { ["RELEASE_EVENTS_RABBITMQ"] = Broker.ToString() };
            await PublishAsync(events);
            var run = Cli.RunAsync(environment, stop.Token, "triggers", "run", "--file", File, "--exchange", Exchange, "--queue", Queue);
            while (!run.IsCompleted && await CountAsync(until) == 0)
            {
                await Task.WhenAny(run, Task.Delay(100, stop.Token));
            }

            await stop.CancelAsync();
            return await run;
        }

        public async Task<int> CountAsync(string workflowId) =>
            await fixture.Client.ListWorkflowsAsync($"WorkflowId = '{workflowId}'").CountAsync();

        public async ValueTask DisposeAsync()
        {
            await publisher.DisposeAsync();
            await channel.QueueDeleteAsync(Queue);
            await channel.ExchangeDeleteAsync(Exchange);
            await channel.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
