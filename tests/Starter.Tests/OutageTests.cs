using System.Net;
using System.Net.Sockets;
using Release.DevServer.Hosting;
using Release.Starter.Cli;
using Temporalio.Client;

namespace Starter.Tests;

/// <summary>
/// Temporal goes away while `release start --wait` follows a release, and comes back on the same
/// address with the same database: the real process says the release keeps running, keeps
/// following, and sees the release end, with no line of the SDK's own logging on its console.
/// </summary>
public sealed class OutageTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("starter-outage-").FullName;

    [Fact]
    public async Task StartWait_TemporalRestarts_KeepsFollowingWithoutSdkLogLines()
    {
        var port = FreePort();
        var database = Path.Combine(folder, "temporal.db");
        var first = await StartServerAsync(port, database);
        var (path, workflowId) = Manifests.Write(["alpha"]);
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = first.Address,
            // Nobody polls: the release stays put while the server goes and comes back.
            ["TEMPORAL_TASK_QUEUE"] = $"outage-{Guid.NewGuid():N}",
        };
        using var release = new ReleaseProcess(environment, "start", path, "--branch", "main", "--wait");
        await release.WaitForAsync(p => p.Out, $"as workflow {workflowId}");

        await first.DisposeAsync();
        await release.WaitForAsync(p => p.Error, "the release keeps running on the server; still following");
        await using var second = await StartServerAsync(port, database);
        await release.WaitForAsync(p => p.Error, "answers again");
        var client = await TemporalClient.ConnectAsync(new(second.Address));
        await client.GetWorkflowHandle(workflowId).TerminateAsync("outage test over");
        var result = await release.ResultAsync();

        Assert.True(result.ExitCode == ExitCodes.ReleaseFailed, result.ToString());
        Assert.Contains("terminated", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Temporal at 127.0.0.1:{port} is unreachable since", result.Error, StringComparison.Ordinal);
        var lines = (result.Out + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.DoesNotMatch(@"\b(WARN|ERROR|INFO)\b|temporal_sdk_core|temporal_client", line));
        Assert.All(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("release: ", line, StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Task<TemporalDevServer> StartServerAsync(int port, string database) =>
        TemporalDevServer.StartAsync(new DevServerOptions { Port = port, DbFilename = database, PollTimeout = TimeSpan.FromSeconds(5) });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
