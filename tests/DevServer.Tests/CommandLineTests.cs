using System.Net;
using System.Net.Sockets;
using Release.DevServer.Hosting;
using Temporalio.Client;

namespace DevServer.Tests;

public sealed class CommandLineTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, CancellationToken stop)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await DevServerCommandLine.RunAsync(args, output, error, stop);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port", "seventy")]
    [InlineData("--port", "70000")]
    [InlineData("--ip", "not-an-ip")]
    [InlineData("--log-level", "loud")]
    public async Task BadFlag_OneLineErrorAndExitCode2(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync(args, CancellationToken.None);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortInUse_OneLineErrorAndExitCode2()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exitCode, _, error) = await RunAsync(["--port", port], CancellationToken.None);
        Assert.Equal(2, exitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_PrintsAddressServesNamespacesAndStopsCleanly()
    {
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var running = DevServerCommandLine.RunAsync(["--port", "0", "--headless", "--namespace", "releases"], output, error, stop.Token);
        await ChildWorkflowTests.WaitUntilAsync(() => Task.FromResult(output.ToString().Contains("listening on", StringComparison.Ordinal)));
        var address = output.ToString().Split("listening on ")[1].Trim();
        var client = await TemporalClient.ConnectAsync(new(address) { Namespace = "releases" });
        var described = await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "releases" });
        Assert.Equal("releases", described.NamespaceInfo.Name);
        await stop.CancelAsync();
        Assert.Equal(0, await running);
        Assert.Matches(@"^Temporal dev server listening on 127\.0\.0\.1:\d+", output.ToString());
    }

    [Fact]
    public async Task Serve_TlsFlags_ServesTlsClientsWithClientCertificates()
    {
        using var certs = TestCertificates.Create();
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var running = DevServerCommandLine.RunAsync(
            ["--port", "0", "--headless", "--tls-cert", certs.ServerCertFile, "--tls-key", certs.ServerKeyFile, "--tls-client-ca", certs.CaFile], output, error, stop.Token);
        await ChildWorkflowTests.WaitUntilAsync(() => Task.FromResult(output.ToString().Contains("TLS on", StringComparison.Ordinal)));
        var address = output.ToString().Split("listening on ")[1].Split('\n')[0].Trim();

        var client = await TemporalClient.ConnectAsync(new(address) { Tls = certs.ClientTls() });
        var described = await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "default" });

        Assert.Equal("default", described.NamespaceInfo.Name);
        Assert.Contains("client certificate", output.ToString(), StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await running);
    }

    [Fact]
    public async Task TlsKeyNotMatchingCertificate_OneLineErrorAndExitCode2()
    {
        using var certs = TestCertificates.Create();

        var (exitCode, _, error) = await RunAsync(["--port", "0", "--headless", "--tls-cert", certs.ServerCertFile, "--tls-key", certs.ClientKeyFile], CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Equal($"error: --tls-key '{certs.ClientKeyFile}' is not the private key of the certificate in --tls-cert '{certs.ServerCertFile}'; give the key that matches it.", error.Trim());
    }
}
