using Release.Activities.CircleCi;
using Release.CircleCiSimulator;

namespace Release.CircleCi.Tests;

/// <summary>The simulator's command line, run in-process through Program.RunAsync.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port", "abc", "--scenario", "x.json")]
    [InlineData("--port", "1")]
    [InlineData("--webhook-url", "not a url", "--webhook-secret", "s", "--scenario", "x.json")]
    public async Task RunAsync_BadFlags_ExitsWithUsageErrorOnOneLine(params string[] args)
    {
        var (code, output, error) = await RunToEndAsync(args);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output.Lines);
        var line = Assert.Single(error.Lines);
        Assert.StartsWith("circleci-simulator: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingScenarioFile_ExitsWithUsageError()
    {
        var (code, _, error) = await RunToEndAsync("--scenario", "/no/such/scenario.json", "--port", "0");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("cannot read scenario file", Assert.Single(error.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidScenario_ExitsWithUsageErrorNamingTheProblem()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, """{"projects": {"*": {"workflows": [{"name": "w", "jobs": [{"name": "a", "requires": ["zzz"]}]}]}}}""");

            var (code, _, error) = await RunToEndAsync("--scenario", path, "--port", "0");

            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("requires 'zzz'", Assert.Single(error.Lines), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_BadTimeScale_ExitsWithUsageError()
    {
        var scenario = Path.Combine(RepositoryFiles.SimulatorFolder, "scenarios", "all-success.json");

        var (code, _, error) = await RunToEndAsync("--scenario", scenario, "--time-scale", "0");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--time-scale must be a positive number", Assert.Single(error.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValidScenario_ServesUntilCancelled()
    {
        var scenario = Path.Combine(RepositoryFiles.SimulatorFolder, "scenarios", "all-success.json");
        var output = new LineWriter();
        var error = new LineWriter();
        using var stop = new CancellationTokenSource();

        var run = Program.RunAsync(["--scenario", scenario, "--port", "0", "--time-scale", "0.01"], output, error, stop.Token);
        var listening = await output.WaitForLineAsync(l => l.StartsWith("CircleCI simulator listening on http://127.0.0.1:", StringComparison.Ordinal))
            .WaitAsync(TimeSpan.FromSeconds(15));

        using var http = new HttpClient();
        var client = new CircleCiClient(http, new CircleCiClientOptions
        {
            BaseUrl = new Uri(listening["CircleCI simulator listening on ".Length..] + "/api/v2/"),
            Token = "sim-token",
        });
        var created = await client.TriggerPipelineAsync("gh/acme/anything", "main");
        Assert.Equal(1, created.Number);

        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await run.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Empty(error.Lines);
        Assert.Equal("CircleCI simulator stopped", output.Lines[^1]);
    }

    [Fact]
    public async Task Process_WithWebhookUrl_PostsSignedWebhooksToTheReceiver()
    {
        const string secret = "cli-webhook-secret-3b9d";
        await using var receiver = await CapturingReceiver.StartAsync();
        using var simulator = SimulatorProcess.Start(
            ["--scenario", Path.Combine(RepositoryFiles.SimulatorFolder, "scenarios", "all-success.json"), "--port", "0", "--time-scale", "0.01", "--webhook-url", receiver.Url.ToString()],
            new Dictionary<string, string> { ["CIRCLECI_WEBHOOK_SECRET"] = secret });
        var listening = await simulator.WaitForLineAsync(l => l.StartsWith("CircleCI simulator listening on ", StringComparison.Ordinal));

        using var http = new HttpClient();
        var client = new CircleCiClient(http, new CircleCiClientOptions
        {
            BaseUrl = new Uri(listening["CircleCI simulator listening on ".Length..] + "/api/v2/"),
            Token = "sim-token",
        });
        var created = await client.TriggerPipelineAsync("gh/acme/anything", "main");
        // all-success.json has two workflows per pipeline: one webhook each.
        await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 2, TimeSpan.FromSeconds(60));

        var verifier = new Release.Webhooks.WebhookSignatureVerifier(secret);
        Assert.All(receiver.Received, r => Assert.True(verifier.IsValid(r.Body, r.Signature), "bad signature"));
        var events = receiver.Received.Select(r => Release.Webhooks.CircleCiWebhookEvent.TryParse(r.Body, out _)).ToList();
        Assert.All(events, e => Assert.Equal(created.Id, e!.PipelineId));
        Assert.All(events, e => Assert.Equal("github/acme/anything", e!.ProjectSlug));
        Assert.Contains($"Sending signed webhooks to {receiver.Url}", simulator.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, LineWriter Output, LineWriter Error)> RunToEndAsync(params string[] args)
    {
        var output = new LineWriter();
        var error = new LineWriter();
        var code = await Program.RunAsync(args, output, error).WaitAsync(TimeSpan.FromSeconds(15));
        return (code, output, error);
    }
}
