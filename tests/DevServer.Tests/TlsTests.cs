using System.Net;
using Release.DevServer.Hosting;
using Temporalio.Client;
using Temporalio.Worker;

namespace DevServer.Tests;

/// <summary>
/// The server over TLS and mTLS, reached by unmodified SDK clients and workers with TlsOptions, as
/// the worker and the CLI reach a real cluster. Each test has its own server and certificates.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Tls_ClientTrustingServerCa_RunsWorkflow()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartAsync(certs, mutual: false);

        var client = await TemporalClient.ConnectAsync(new(server.Address) { Tls = certs.ClientTls(withClientCertificate: false) });

        Assert.Equal("done", await RunWorkflowAsync(client));
    }

    [Fact]
    public async Task Tls_PlaintextClient_IsRefused()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartAsync(certs, mutual: false);

        await Assert.ThrowsAnyAsync<Exception>(() => TemporalClient.ConnectAsync(new(server.Address)));
    }

    [Fact]
    public async Task Tls_ClientNotTrustingServerCa_IsRefused()
    {
        using var certs = TestCertificates.Create();
        using var stranger = TestCertificates.Create("stranger");
        await using var server = await StartAsync(certs, mutual: false);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            TemporalClient.ConnectAsync(new(server.Address) { Tls = stranger.ClientTls(withClientCertificate: false) }));
    }

    [Fact]
    public async Task Mtls_ClientWithCertificate_RunsWorkflow()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartAsync(certs, mutual: true);

        var client = await TemporalClient.ConnectAsync(new(server.Address) { Tls = certs.ClientTls() });

        Assert.True(server.RequiresClientCertificate);
        Assert.Equal("done", await RunWorkflowAsync(client));
    }

    [Fact]
    public async Task Mtls_ClientWithoutCertificate_IsRefused()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartAsync(certs, mutual: true);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            TemporalClient.ConnectAsync(new(server.Address) { Tls = certs.ClientTls(withClientCertificate: false) }));
    }

    [Fact]
    public async Task Mtls_ClientCertificateFromAnotherCa_IsRefused()
    {
        using var certs = TestCertificates.Create();
        using var stranger = TestCertificates.Create("stranger");
        await using var server = await StartAsync(certs, mutual: true);
        // Trusts the right server, but its own certificate comes from a CA the server does not know.
        var tls = certs.ClientTls();
        tls.ClientCert = await File.ReadAllBytesAsync(stranger.ClientCertFile);
        tls.ClientPrivateKey = await File.ReadAllBytesAsync(stranger.ClientKeyFile);

        await Assert.ThrowsAnyAsync<Exception>(() => TemporalClient.ConnectAsync(new(server.Address) { Tls = tls }));
    }

    [Fact]
    public async Task Mtls_WebUi_ServesHttpsToClientsWithCertificateAndShowsWorkflows()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartAsync(certs, mutual: true, headless: false);
        var client = await TemporalClient.ConnectAsync(new(server.Address) { Tls = certs.ClientTls() });
        var workflowId = await StartWorkflowAsync(client);
        Assert.StartsWith("https://", server.UiAddress, StringComparison.Ordinal);

        using var http = new HttpClient(certs.HttpHandler()) { BaseAddress = new Uri(server.UiAddress!), Timeout = TimeSpan.FromSeconds(30) };
        var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(workflowId, html, StringComparison.Ordinal);

        using var noCertificate = new HttpClient(certs.HttpHandler(withClientCertificate: false)) { BaseAddress = new Uri(server.UiAddress!), Timeout = TimeSpan.FromSeconds(30) };
        await Assert.ThrowsAsync<HttpRequestException>(() => noCertificate.GetAsync(new Uri("/", UriKind.Relative)));
    }

    [Fact]
    public async Task StartAsync_KeyOfAnotherCertificate_ThrowsOneLineNamingTheFlag()
    {
        using var certs = TestCertificates.Create();

        var error = await Assert.ThrowsAsync<Release.DevServer.Tls.DevServerTlsException>(() => TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            TlsCertFile = certs.ServerCertFile,
            TlsKeyFile = certs.ClientKeyFile,
        }));

        Assert.Contains("--tls-key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static Task<TemporalDevServer> StartAsync(TestCertificates certs, bool mutual, bool headless = true) =>
        TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            UiPort = 0,
            Headless = headless,
            PollTimeout = TimeSpan.FromSeconds(5),
            TlsCertFile = certs.ServerCertFile,
            TlsKeyFile = certs.ServerKeyFile,
            TlsClientCaFile = mutual ? certs.CaFile : null,
        });

    private static async Task<string> RunWorkflowAsync(ITemporalClient client)
    {
        var taskQueue = DevServerFixture.NewTaskQueue();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(taskQueue).AddWorkflow<CountdownWorkflow>());
        return await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync(
            (CountdownWorkflow wf) => wf.RunAsync(0, ""),
            new(DevServerFixture.NewWorkflowId("tls"), taskQueue) { RunTimeout = TimeSpan.FromMinutes(2) }));
    }

    private static async Task<string> StartWorkflowAsync(ITemporalClient client)
    {
        var id = DevServerFixture.NewWorkflowId("tls-ui");
        await client.StartWorkflowAsync((CountdownWorkflow wf) => wf.RunAsync(0, ""), new(id, DevServerFixture.NewTaskQueue()));
        return id;
    }
}
