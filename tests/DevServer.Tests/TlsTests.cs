using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
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
    public async Task Tls_CertificateFileWithItsChain_ClientTrustingOnlyTheRootConnects()
    {
        using var folder = TestCertificates.Create();
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = Authority("CN=chain root", rootKey, null, now);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = Authority("CN=chain intermediate", intermediateKey, root, now);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=chain server", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
        using var leaf = leafRequest.Create(intermediate, now.AddMinutes(-30), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        var certFile = Path.Combine(folder.Folder, "chain.pem");
        var keyFile = Path.Combine(folder.Folder, "chain-key.pem");
        await File.WriteAllTextAsync(certFile, leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, leafKey.ExportPkcs8PrivateKeyPem());
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0, TlsCertFile = certFile, TlsKeyFile = keyFile });

        var client = await TemporalClient.ConnectAsync(new(server.Address) { Tls = new() { ServerRootCACert = Encoding.ASCII.GetBytes(root.ExportCertificatePem()) } });

        Assert.Equal("done", await RunWorkflowAsync(client));
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

    private static X509Certificate2 Authority(string subject, ECDsa key, X509Certificate2? issuer, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer, now.AddHours(-1), now.AddDays(1.5), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
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
