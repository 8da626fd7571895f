using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orchestrator.Tests;

/// <summary>
/// A RabbitMQ broker of the test's own (<c>.ci/rabbitmq-broker</c>), which it may stop and start
/// again without disturbing the broker the other tests share. Needs Debian's rabbitmq-server, as
/// <c>RELEASE_TEST_RABBITMQ</c> says: <c>.ci/run</c> installs it; <c>skip</c> skips the test.
/// </summary>
public sealed partial class OwnRabbitMqBroker : IAsyncDisposable
{
    private readonly string folder;

    private OwnRabbitMqBroker(Uri url, string folder)
    {
        Url = url;
        this.folder = folder;
    }

    public Uri Url { get; }

    public static async Task<OwnRabbitMqBroker> StartAsync()
    {
        var shared = Environment.GetEnvironmentVariable("RELEASE_TEST_RABBITMQ");
        Skip.If(shared == "skip", "RELEASE_TEST_RABBITMQ=skip");
        Assert.False(string.IsNullOrEmpty(shared), "RELEASE_TEST_RABBITMQ is not set: run .ci/run, or eval \"$(.ci/rabbitmq-broker start)\" first (RELEASE_TEST_RABBITMQ=skip skips these tests)");
        var output = await RunAsync("start");
        return new OwnRabbitMqBroker(
            new Uri(Exported().Match(output) is { Success: true } url ? url.Groups[1].Value : throw new InvalidOperationException($"no broker URL in: {output}")),
            FolderLine().Match(output).Groups[1].Value);
    }

    /// <summary>Stops the broker application: every connection drops and new ones are refused, as in an outage.</summary>
    public Task StopAsync() => RunAsync("pause", folder);

    public Task StartAgainAsync() => RunAsync("resume", folder);

    public async ValueTask DisposeAsync() => await RunAsync("stop", folder);

    private static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, ".ci", "rabbitmq-broker"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $".ci/rabbitmq-broker {string.Join(' ', arguments)} failed: {await errors}");
        return await output;
    }

    [GeneratedRegex("RELEASE_TEST_RABBITMQ='([^']+)'")]
    private static partial Regex Exported();

    [GeneratedRegex("RABBITMQ_BROKER_DIR='([^']+)'")]
    private static partial Regex FolderLine();
}
