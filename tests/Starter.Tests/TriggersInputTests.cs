using Release.Events.RabbitMq;
using Release.Events.Triggers;
using Release.Releases.Operations;
using Release.Starter.Cli;
using Release.Starter.Releases;
using Temporalio.Client;

namespace Starter.Tests;

/// <summary><c>release triggers check|run</c> with a file it refuses, or one it lists: nothing connected to.</summary>
public sealed class TriggersInputTests
{
    private static readonly string Folder = Directory.CreateTempSubdirectory("triggers-input-").FullName;

    [Fact]
    public async Task Check_ValidFile_OneLinePerTriggerExit0()
    {
        var file = Write("""
            triggers:
              - name: on-api
                on: { type: io.openci.ArtifactCreated, where: { artifactName: api, projectBranch: "3.5.*" } }
                start: { manifest: release.json, branch: "{{data.projectBranch}}", params: { v: "{{data.artifactVersion}}" } }
              - name: promote
                on: { type: io.openci.ConfidenceLevelModified }
                start: { manifest: release.json, dry_run: true }
            """);

        var result = await Cli.RunAsync(Cli.Nowhere, "triggers", "check", file);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var manifest = Path.Combine(Folder, "release.json");
        Assert.Equal(
            [
                $"on-api: on io.openci.ArtifactCreated where artifactName=api, projectBranch=3.5.* start {manifest} on branch {{{{data.projectBranch}}}} with v={{{{data.artifactVersion}}}}",
                $"promote: on io.openci.ConfidenceLevelModified start {manifest} (dry run)",
            ],
            result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    public async Task CheckOrRun_BadFilter_RefusedWithOneLineExit2BeforeConnecting(string command)
    {
        var file = Write("""
            triggers:
              - name: on-api
                on:
                  type: io.openci.ArtifactCreated
                  where:
                    artifactName: { in: [api, web] }
                start: { manifest: release.json }
            """);
        string[] arguments = command == "check" ? [file] : ["--file", file, "--broker", "amqp://guest:secret-pw@127.0.0.1:9/"];

        // Temporal (Cli.Nowhere) and the broker are unreachable: reaching either would exit 3.
        var result = await Cli.RunAsync(Cli.Nowhere, ["triggers", command, .. arguments]);

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, $"{file}:6: filter artifactName is a mapping, not a value; give one string, number or boolean");
        Assert.DoesNotContain("secret-pw", result.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], 2, "no broker to consume from: give --broker amqp://host:5672/ or set RELEASE_EVENTS_RABBITMQ")]
    [InlineData(new[] { "--broker", "http://localhost:5672/" }, 2, "--broker is not an amqp:// or amqps:// URL")]
    [InlineData(new[] { "--broker", "amqp://guest:secret-pw@127.0.0.1:9/" }, 3, "cannot reach Temporal at 127.0.0.1:1")]
    public async Task Run_NoBrokerOrTemporal_OneLine(string[] arguments, int exitCode, string expected)
    {
        var file = Write("triggers:\n  - name: a\n    on: { type: T }\n    start: { manifest: release.json }\n");

        var result = await Cli.RunAsync(Cli.Nowhere, ["triggers", "run", "--file", file, .. arguments]);

        InputTests.AssertOneLineError(result, exitCode, expected);
        Assert.DoesNotContain("secret-pw", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NoSuchFile_OneLineExit2()
    {
        var result = await Cli.RunAsync(Cli.Nowhere, "triggers", "check", Path.Combine(Folder, "missing.yaml"));

        InputTests.AssertOneLineError(result, ExitCodes.UsageError, "missing.yaml: no such file; give the path of a triggers.yaml");
    }

    [Fact]
    public async Task Runner_TemporalUnreachable_RetryTheMessageNotAck()
    {
        var (manifest, _) = Manifests.Write(["alpha"]);
        var triggers = TriggerFileParser.Parse(
            $"triggers:\n  - name: t\n    on: {{ type: x.y }}\n    start: {{ manifest: {manifest}, branch: main }}\n", "triggers.yaml", Folder);
        var nowhere = TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1") { Runtime = QuietRuntime.Instance });
        var printed = new List<string>();
        var runner = new TriggerRunner(triggers, new TriggerReleaseStarter(nowhere, "release", printed.Add), printed.Add);
        var cloudEvent = new CloudNative.CloudEvents.CloudEvent { Id = "e-1", Source = new Uri("urn:test"), Type = "x.y" };

        var outcome = await runner.HandleAsync(new TriggerDelivery(cloudEvent, null, "e-1", Redelivered: false), CancellationToken.None);

        Assert.Equal(TriggerDeliveryOutcome.Retry, outcome);
        Assert.StartsWith("x.y e-1: trigger t: cannot start trigger-t-e-1 (", Assert.Single(printed), StringComparison.Ordinal);
        Assert.EndsWith("); requeued", printed[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_ManifestWithNothingToRelease_RefusedInOneLineAndAcked()
    {
        var manifest = Manifests.WriteText("""{ "name": "done", "version": "1.0.0", "scmHttpUrl": "https://github.com/acme", "components": [ { "name": "api" } ], "buildDependencies": [ [ "api" ] ] }""");
        var triggers = TriggerFileParser.Parse(
            $"triggers:\n  - name: t\n    on: {{ type: x.y }}\n    start: {{ manifest: {manifest}, branch: main }}\n", "triggers.yaml", Folder);
        var nowhere = TemporalClient.CreateLazy(new TemporalClientConnectOptions("127.0.0.1:1") { Runtime = QuietRuntime.Instance });
        var printed = new List<string>();
        var runner = new TriggerRunner(triggers, new TriggerReleaseStarter(nowhere, "release", printed.Add), printed.Add);
        var cloudEvent = new CloudNative.CloudEvents.CloudEvent { Id = "e-2", Source = new Uri("urn:test"), Type = "x.y" };

        var outcome = await runner.HandleAsync(new TriggerDelivery(cloudEvent, null, "e-2", Redelivered: false), CancellationToken.None);

        // Retrying would refuse it again: acked, so that it is not redelivered forever.
        Assert.Equal(TriggerDeliveryOutcome.Done, outcome);
        Assert.Equal([$"x.y e-2: trigger t: refused: {manifest}: nothing to release; set the versions to release in the manifest"], printed);
    }

    private static string Write(string yaml)
    {
        File.WriteAllText(Path.Combine(Folder, "release.json"), "{}");
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
