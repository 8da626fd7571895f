using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BadInput.Tests.Support;
using Release.DevServer.Hosting;

namespace BadInput.Tests;

/// <summary>
/// The worker (Release.Worker.dll) given each kind of wrong setting or argument: one line on stderr,
/// exit code 2. Most mistakes are found before it connects; those that need Temporal get an
/// in-process dev server.
/// </summary>
public sealed class WorkerTests : IDisposable
{
    private const string Token = "bad-input-token-0123";
    private readonly string folder = UnusableFiles.NewFolder();

    [Fact]
    public async Task NoToken_NamesBothWaysToSetIt()
    {
        var result = await RunAsync(new() { ["TEMPORAL_ADDRESS"] = "127.0.0.1:1" }, withToken: false);

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_TOKEN (CircleCi:Token) is not set", "CIRCLECI_TOKEN_FILE");
    }

    [Fact]
    public async Task TokenFileMissing_SaysItDoesNotExist()
    {
        var path = Path.Combine(folder, "no-such-token");

        var result = await RunAsync(new() { ["CIRCLECI_TOKEN_FILE"] = path }, withToken: false);

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_TOKEN_FILE", path, "does not exist");
    }

    [Fact]
    public async Task TokenFileIsAFolder_SaysSo()
    {
        var result = await RunAsync(new() { ["CIRCLECI_TOKEN_FILE"] = folder }, withToken: false);

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_TOKEN_FILE", "is a folder");
    }

    [Fact]
    public async Task TokenFileEmpty_SaysSo()
    {
        var path = Path.Combine(folder, "token");
        await File.WriteAllTextAsync(path, "\n");

        var result = await RunAsync(new() { ["CIRCLECI_TOKEN_FILE"] = path }, withToken: false);

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_TOKEN_FILE", "is empty");
    }

    [Fact]
    public async Task TokenFileUnreadable_SaysItCannotBeRead()
    {
        var path = UnusableFiles.UnreadableFile(folder);

        var result = await RunAsync(new() { ["CIRCLECI_TOKEN_FILE"] = path }, withToken: false);

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_TOKEN_FILE", path, "cannot be read");
    }

    [Fact]
    public async Task TokenWithLineBreakInside_NeverEchoesIt()
    {
        var result = await RunAsync(new() { ["CIRCLECI_TOKEN"] = "abc123\ndef456" }, withToken: false);

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_TOKEN", "whitespace");
        Assert.DoesNotContain("abc123", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebhookSecretFileUnreadable_SaysItCannotBeRead()
    {
        var path = UnusableFiles.UnreadableFile(folder);

        var result = await RunAsync(new() { ["CIRCLECI_WEBHOOK_SECRET_FILE"] = path });

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_WEBHOOK_SECRET_FILE", "cannot be read");
        Assert.DoesNotContain("secret-value", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebhookSecretFileIsAFolder_SaysSo()
    {
        var result = await RunAsync(new() { ["CIRCLECI_WEBHOOK_SECRET_FILE"] = folder });

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_WEBHOOK_SECRET_FILE", "is a folder");
    }

    [Fact]
    public async Task WebhookSecretFileEmpty_SaysSo()
    {
        var path = Path.Combine(folder, "webhook-secret");
        await File.WriteAllTextAsync(path, "");

        var result = await RunAsync(new() { ["CIRCLECI_WEBHOOK_SECRET_FILE"] = path });

        UserMistake.AssertOneLine(result, 2, "CIRCLECI_WEBHOOK_SECRET_FILE", "is empty");
    }

    [Fact]
    public async Task LogJsonFileIsAFolder_SaysGiveAFileName()
    {
        var result = await RunAsync(new() { ["LOG_JSON_FILE"] = folder });

        UserMistake.AssertOneLine(result, 2, "LOG_JSON_FILE", "is a folder", "worker.json");
    }

    [Fact]
    public async Task LogJsonFileUnderAFile_FolderCannotBeCreated()
    {
        var file = Path.Combine(folder, "plain-file");
        await File.WriteAllTextAsync(file, "x");

        var result = await RunAsync(new() { ["LOG_JSON_FILE"] = Path.Combine(file, "logs", "worker.json") });

        UserMistake.AssertOneLine(result, 2, "LOG_JSON_FILE", "cannot be created");
    }

    [Fact]
    public async Task LogJsonFileInReadOnlyFolder_FolderCannotBeWritten()
    {
        var readOnly = UnusableFiles.UnwritableFolder(folder);

        var result = await RunAsync(new() { ["LOG_JSON_FILE"] = Path.Combine(readOnly, "worker.json") });

        UserMistake.AssertOneLine(result, 2, "LOG_JSON_FILE", "cannot be written");
    }

    [Theory]
    [InlineData("Temporal__ConnectTimeout", "soon", "not a duration")]
    [InlineData("CircleCi__Timeout", "0.5s", "not a duration from 1s")]
    [InlineData("Worker__GracefulShutdownTimeout", "-5s", "not a duration")]
    [InlineData("Worker__MaxCachedWorkflows", "lots", "not a whole number from 0 to 1000000")]
    [InlineData("Worker__MaxConcurrentActivities", "0", "not a whole number from 1")]
    [InlineData("CIRCLECI_WEBHOOK_PORT", "99999", "not a whole number from 0 to 65535")]
    [InlineData("TEMPORAL_ADDRESS", "http://localhost:7233", "without a scheme")]
    [InlineData("TEMPORAL_TLS", "sometimes", "not true or false")]
    [InlineData("LOG_LEVEL", "loud", "not one of")]
    [InlineData("CIRCLECI_BASE_URL", "circleci.com", "not an absolute http(s) URL")]
    [InlineData("RELEASE_REPORT_INLINE_LIMIT", "-1", "not a whole number from 0")]
    public async Task BadValue_NamesTheSettingInPlainWords(string variable, string value, string problem)
    {
        var environment = new Dictionary<string, string> { [variable] = value };
        if (variable == "CIRCLECI_WEBHOOK_PORT")
        {
            environment["CIRCLECI_WEBHOOK_SECRET"] = "webhook-secret-0123";
        }

        var result = await RunAsync(environment);

        UserMistake.AssertOneLine(result, 2, variable.Replace("__", ":", StringComparison.Ordinal), $"'{value}'", problem);
    }

    [Fact]
    public async Task MistypedOption_SuggestsTheNearOne()
    {
        var result = await Executable.Worker.RunAsync(["--hlep"]);

        UserMistake.AssertOneLine(result, 2, "unknown option '--hlep'", "did you mean --help?");
    }

    [Fact]
    public async Task UnexpectedArgument_SaysTheWorkerIsConfiguredByEnvironment()
    {
        var result = await Executable.Worker.RunAsync(["run"]);

        UserMistake.AssertOneLine(result, 2, "unexpected argument 'run'", "environment variables");
    }

    [Fact]
    public async Task WebhookPortInUse_OneLineNoStackTrace()
    {
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0 });
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var result = await RunAsync(new()
        {
            ["TEMPORAL_ADDRESS"] = server.Address,
            ["CIRCLECI_WEBHOOK_SECRET"] = "webhook-secret-0123",
            ["CIRCLECI_WEBHOOK_IP"] = "127.0.0.1",
            ["CIRCLECI_WEBHOOK_PORT"] = port,
        });

        UserMistake.AssertOneLine(result, 2, $"cannot listen on 127.0.0.1:{port}", "CIRCLECI_WEBHOOK_PORT");
        UserMistake.AssertNoRuntimeTrace(result.StandardOutput, result);
    }

    [Fact]
    public async Task NamespaceThatDoesNotExist_NamesIt()
    {
        await using var server = await TemporalDevServer.StartAsync(new DevServerOptions { Port = 0 });

        var result = await RunAsync(new() { ["TEMPORAL_ADDRESS"] = server.Address, ["TEMPORAL_NAMESPACE"] = "no-such-namespace" });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_NAMESPACE", "'no-such-namespace' does not exist");
    }

    [Fact]
    public async Task AppsettingsNotJson_NamesTheFileAndWhere()
    {
        // The worker reads appsettings.json next to its binary: run a copy whose file is broken.
        var copy = Path.Combine(folder, "worker-copy");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(AppContext.BaseDirectory))
        {
            Directory.CreateSymbolicLink(Path.Combine(copy, Path.GetFileName(directory)), directory);
        }

        var settings = Path.Combine(copy, "appsettings.json");
        await File.WriteAllTextAsync(settings, "{ \"Temporal\": { \"Address\": \"localhost:7233\",, } }");

        var result = await new Executable(Path.Combine(copy, "Release.Worker.dll")).RunAsync([], new Dictionary<string, string> { ["CIRCLECI_TOKEN"] = Token });

        UserMistake.AssertOneLine(result, 2, $"configuration file '{settings}' cannot be read", "line 1, position");
    }

    [Fact]
    public async Task Help_PrintsVersionAndSettingsAndExits0()
    {
        var result = await Executable.Worker.RunAsync(["--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("release-worker 1.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CIRCLECI_TOKEN_FILE", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("LOG_JSON_FILE", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public async Task Version_PrintsOneLineAndExits0()
    {
        var result = await Executable.Worker.RunAsync(["--version"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^release-worker \d+\.\d+\.\d+\S*\s*$", result.StandardOutput);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    // A reachable-looking but closed Temporal and a 0 s connect timeout: a mistake that slipped past
    // the settings check would show as exit 1, not hang the test.
    private static Task<ProcessResult> RunAsync(Dictionary<string, string> environment, bool withToken = true)
    {
        var all = new Dictionary<string, string> { ["TEMPORAL_ADDRESS"] = "127.0.0.1:1", ["Temporal__ConnectTimeout"] = "0s" };
        if (withToken)
        {
            all["CIRCLECI_TOKEN"] = Token;
        }

        foreach (var (key, value) in environment)
        {
            all[key] = value;
        }

        return Executable.Worker.RunAsync([], all);
    }
}
