using System.Text.Json;
using Release.Events;
using Release.Events.RabbitMq;
using Release.Starter.Cli;
using Release.Workflows.Release;
using Release.Workflows.Release.Events;

namespace Starter.Tests;

/// <summary><c>release events tail</c> against the CI's RabbitMQ broker (<c>RELEASE_TEST_RABBITMQ</c>), and its mistakes.</summary>
public sealed class EventsTailTests
{
    [SkippableFact]
    public async Task Tail_Count_PrintsTheEventsOfItsTypeAsCloudEventJson()
    {
        var url = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
        Skip.If(url == "skip", "RELEASE_TEST_RABBITMQ=skip");
        Assert.False(string.IsNullOrEmpty(url), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first");
        var exchange = $"release.events.tail-{Guid.NewGuid():N}";
        var release = new ReleaseIdentity("release-shop-1.0.0", "run-1", "shop", "1.0.0", "main", "http://localhost:8233");
        var mapper = new CdEventsMapper(new Uri("https://release.example.com/orchestrator"));
        var started = mapper.Map(ReleaseTransition.Started(release, DateTimeOffset.UtcNow, [new ComponentVersion("api", "1.0.0", "main")]));
        var queued = mapper.Map(ReleaseTransition.Queued(release, DateTimeOffset.UtcNow));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var environment = new Dictionary<string, string> { ["RELEASE_EVENTS_RABBITMQ"] = url };
        var tail = Cli.RunAsync(environment, timeout.Token, "events", "tail", "--exchange", exchange, "--product", "shop", "--type", started[0].Type!, "--count", "1", "--json");

        // The tail's queue exists only once it is bound: publish until it has seen one.
        await using (var publisher = new RabbitMqEventPublisher(new Uri(url), exchange))
        {
            while (!tail.IsCompleted)
            {
                await publisher.PublishAsync("shop", [.. queued, .. started], timeout.Token);
                await Task.WhenAny(tail, Task.Delay(100, timeout.Token));
            }
        }

        var result = await tail;
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var printed = JsonDocument.Parse(result.Out.Trim()).RootElement;
        Assert.Equal((started[0].Id, started[0].Type), (printed.GetProperty("id").GetString(), printed.GetProperty("type").GetString()));
        Assert.Contains($"following {exchange} (shop.{started[0].Type})", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], 2, "no broker to follow: give --broker amqp://host:5672/ or set RELEASE_EVENTS_RABBITMQ")]
    [InlineData(new[] { "--broker", "http://localhost:5672/" }, 2, "--broker is not an amqp:// or amqps:// URL")]
    [InlineData(new[] { "--broker", "amqp://guest:guest@127.0.0.1:9/", "--count", "0" }, 2, "--count 0 is not a number of events")]
    [InlineData(new[] { "--broker", "amqp://guest:secret-pw@127.0.0.1:9/" }, 3, "cannot follow events at 127.0.0.1:9:")]
    public async Task Tail_BadInputOrNoBroker_OneLine(string[] arguments, int exitCode, string expected)
    {
        var result = await Cli.RunAsync(Cli.Nowhere, ["events", "tail", .. arguments]);

        InputTests.AssertOneLineError(result, exitCode, expected);
        Assert.DoesNotContain("secret-pw", result.ToString(), StringComparison.Ordinal);
    }
}
