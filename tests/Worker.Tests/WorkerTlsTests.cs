using Release.DevServer.Hosting;
using Worker.Tests.Support;

namespace Worker.Tests;

/// <summary>
/// The worker process reaching a TLS-only, client-certificate-requiring dev server with Temporal's
/// own TEMPORAL_TLS_* variables, as it reaches an mTLS cluster.
/// </summary>
public sealed class WorkerTlsTests
{
    [Fact]
    public async Task Mtls_WorkerWithTemporalTlsVariables_ConnectsAndPolls()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartMtlsServerAsync(certs);
        var queue = $"tls-{Guid.NewGuid():N}";
        using var worker = WorkerProcess.Start(new()
        {
            ["CIRCLECI_TOKEN"] = "cci-token-for-tls-test",
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["TEMPORAL_TASK_QUEUE"] = queue,
            ["TEMPORAL_TLS_SERVER_CA_CERT_PATH"] = certs.CaFile,
            ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = certs.ClientCertFile,
            ["TEMPORAL_TLS_CLIENT_KEY_PATH"] = certs.ClientKeyFile,
        });

        await Eventually.WaitAsync(() => worker.StandardOutput.Contains($"Polling task queue {queue}", StringComparison.Ordinal), "the polling log", TimeSpan.FromSeconds(60));
        worker.Terminate();

        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"Connected to Temporal at {server.Address}", worker.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mtls_WorkerWithoutClientCertificate_IsRefusedAndExits1()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartMtlsServerAsync(certs);
        using var worker = WorkerProcess.Start(new()
        {
            ["CIRCLECI_TOKEN"] = "cci-token-for-tls-test",
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["TEMPORAL_TLS_SERVER_CA_CERT_PATH"] = certs.CaFile,
            ["Temporal__ConnectTimeout"] = "0s",
        });

        Assert.Equal(1, await worker.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.StartsWith($"release-worker: Cannot connect to Temporal at {server.Address}", worker.StandardError, StringComparison.Ordinal);
    }

    private static Task<TemporalDevServer> StartMtlsServerAsync(TestCertificates certs) =>
        TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            PollTimeout = TimeSpan.FromSeconds(2),
            TlsCertFile = certs.ServerCertFile,
            TlsKeyFile = certs.ServerKeyFile,
            TlsClientCaFile = certs.CaFile,
        });
}
