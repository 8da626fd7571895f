using System.Net;
using System.Net.Sockets;
using Release.DevServer.Hosting;

namespace DevServer.Tests;

/// <summary>The web UI's flags and defaults: --ui-port, --headless, and embedding without a UI.</summary>
public sealed class WebUiCommandLineTests
{
    [Fact]
    public async Task Serve_UiPort0_PrintsTheUiAddressWhichServesPages()
    {
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var running = DevServerCommandLine.RunAsync(["--port", "0", "--ui-port", "0"], output, error, stop.Token);
        await ChildWorkflowTests.WaitUntilAsync(() => Task.FromResult(output.ToString().Contains("Web UI at ", StringComparison.Ordinal)));
        var address = output.ToString().Split("Web UI at ")[1].Split('\n')[0].Trim();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", address);

        using var http = new HttpClient();
        using var response = await http.GetAsync($"{address}/workflow?workflowId=missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Temporal dev server", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await running);
    }

    [Fact]
    public async Task UiPortInUse_OneLineErrorNamingTheFlagAndExitCode2()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await DevServerCommandLine.RunAsync(["--port", "0", "--ui-port", port], output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port} for the web UI", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--ui-port", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ui-port", "web")]
    [InlineData("--ui-port", "-1")]
    [InlineData("--headless=maybe")]
    public async Task BadUiFlag_OneLineErrorAndExitCode2(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, await DevServerCommandLine.RunAsync(args, output, error, CancellationToken.None));
        Assert.StartsWith("error: ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_DefaultToUiOn8233_HeadlessTurnsItOff()
    {
        Assert.Null(DevServerCommandLine.TryParse([], out var defaults));
        Assert.Null(DevServerCommandLine.TryParse(["--headless"], out var headless));

        Assert.False(defaults.Headless);
        Assert.Equal(8233, defaults.UiPort);
        Assert.True(headless.Headless);
    }

    [Fact]
    public async Task Embedded_DefaultsToHeadless()
    {
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0 });

        Assert.Null(server.UiAddress);
    }
}
