using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Release.Activities.CircleCi;
using Release.DevServer.Hosting;
using Release.Starter.Cli;
using Release.Worker;
using Release.Worker.Settings;
using Temporalio.Client;
using Temporalio.Worker;

namespace Starter.Tests;

/// <summary>
/// The CLI and the worker over TLS and mTLS, configured by one set of Temporal's own variables:
/// the worker reads them through its settings, the CLI through its environment, and a release
/// goes from `start --wait` to its end between them. Each test has its own server and certificates.
/// </summary>
public sealed class TlsTests
{
    [Fact]
    public async Task StartWait_TlsServer_WorkerAndCliShareTheVariables()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartServerAsync(certs, mutual: false);
        var environment = Variables(server, certs, clientCertificate: false);

        var result = await ReleaseThroughAsync(environment);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("dry_run", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task StartWait_MutualTlsServer_WorkerAndCliShareTheVariables()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartServerAsync(certs, mutual: true);
        var environment = Variables(server, certs, clientCertificate: true);

        var result = await ReleaseThroughAsync(environment);

        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.True(server.RequiresClientCertificate);
    }

    [Fact]
    public async Task Status_MutualTlsServerWithoutClientCertificate_CannotReachExit3()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartServerAsync(certs, mutual: true);
        var environment = Variables(server, certs, clientCertificate: false);

        var result = await Cli.RunAsync(environment, "status", "release-anything");

        InputTests.AssertOneLineError(result, ExitCodes.TemporalUnavailable, $"cannot reach Temporal at {server.Address} over TLS");
    }

    [Fact]
    public async Task Status_TlsServerWithoutTlsVariables_IsNotSilentlyPlaintext()
    {
        using var certs = TestCertificates.Create();
        await using var server = await StartServerAsync(certs, mutual: false);
        var plaintext = new Dictionary<string, string> { ["TEMPORAL_ADDRESS"] = server.Address };

        var result = await Cli.RunAsync(plaintext, "status", "release-anything");

        InputTests.AssertOneLineError(result, ExitCodes.TemporalUnavailable, $"cannot reach Temporal at {server.Address}");
    }

    // The worker connects with the settings it reads from the variables, the CLI with the same
    // variables in its environment; a dry run needs no CircleCI.
    private static async Task<CliResult> ReleaseThroughAsync(Dictionary<string, string> environment)
    {
        var configuration = new ConfigurationBuilder();
        WorkerEnvironment.Aliases.AddTo(configuration, environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        var settings = WorkerSettingsReader.Read(configuration.Build());
        Assert.NotNull(settings.Temporal.Tls);
        var client = await TemporalClient.ConnectAsync(settings.Temporal.ToConnectOptions());
        using var http = new HttpClient();
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(settings.Temporal.TaskQueue)
            .AddReleaseWorkflows(new CircleCiClient(http, settings.CircleCi), NullLoggerFactory.Instance));
        var (path, _) = Manifests.Write(["alpha"], ["beta"]);
        return await worker.ExecuteAsync(() => Cli.RunAsync(environment, "start", path, "--branch", "main", "--dry-run", "--wait", "--json"));
    }

    private static Dictionary<string, string> Variables(TemporalDevServer server, TestCertificates certs, bool clientCertificate)
    {
        var variables = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["TEMPORAL_NAMESPACE"] = "default",
            ["TEMPORAL_TASK_QUEUE"] = $"tls-{Guid.NewGuid():N}",
            ["TEMPORAL_TLS_SERVER_CA_CERT_PATH"] = certs.CaFile,
            ["CIRCLECI_TOKEN"] = "unused-in-a-dry-run",
        };
        if (clientCertificate)
        {
            variables["TEMPORAL_TLS_CLIENT_CERT_PATH"] = certs.ClientCertFile;
            variables["TEMPORAL_TLS_CLIENT_KEY_PATH"] = certs.ClientKeyFile;
        }

        return variables;
    }

    private static Task<TemporalDevServer> StartServerAsync(TestCertificates certs, bool mutual) =>
        TemporalDevServer.StartAsync(new DevServerOptions
        {
            Port = 0,
            PollTimeout = TimeSpan.FromSeconds(5),
            TlsCertFile = certs.ServerCertFile,
            TlsKeyFile = certs.ServerKeyFile,
            TlsClientCaFile = mutual ? certs.CaFile : null,
        });
}
