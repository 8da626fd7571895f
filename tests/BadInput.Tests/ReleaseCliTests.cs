using BadInput.Tests.Support;

namespace BadInput.Tests;

/// <summary>
/// The `release` command line (release.dll, the real process) given each kind of user mistake: one
/// line on stderr naming the problem and what to do, exit code 2. Runtime faults keep their own
/// codes (3: Temporal cannot be reached). Manifest mistakes are covered with the manifest's own suite.
/// </summary>
public sealed class ReleaseCliTests : IDisposable
{
    // Nothing listens there: a case that wrongly got as far as connecting exits 3, not 2.
    private static readonly Dictionary<string, string> Nowhere = new() { ["TEMPORAL_ADDRESS"] = "127.0.0.1:1" };
    private readonly string folder = UnusableFiles.NewFolder();

    [Fact]
    public async Task NoCommand_ListsTheCommands()
    {
        var result = await RunAsync([]);

        UserMistake.AssertOneLine(result, 2, "no command given", "start, status, watch", "release --help");
    }

    [Fact]
    public async Task UnknownCommand_Typo_SuggestsTheNearest()
    {
        var result = await RunAsync(["stauts", "some-id"]);

        UserMistake.AssertOneLine(result, 2, "unknown command 'stauts'", "did you mean 'status'?");
    }

    [Fact]
    public async Task UnknownCommand_Unlike_AnyListsTheCommands()
    {
        var result = await RunAsync(["deploy"]);

        UserMistake.AssertOneLine(result, 2, "unknown command 'deploy'", "commands: start");
    }

    [Fact]
    public async Task UnknownOption_Typo_SuggestsTheNearest()
    {
        var result = await RunAsync(["status", "some-id", "--adress", "localhost:7233"]);

        UserMistake.AssertOneLine(result, 2, "unknown option '--adress' for release status", "did you mean '--address'?");
    }

    [Fact]
    public async Task UnknownOption_OnTheRoot_SuggestsTheNearest()
    {
        var result = await RunAsync(["--jsn"]);

        UserMistake.AssertOneLine(result, 2, "unknown option '--jsn'", "did you mean '--json'?");
    }

    [Fact]
    public async Task ExtraArgument_SaysWhatTheCommandTakes()
    {
        var result = await RunAsync(["status", "one", "two"]);

        UserMistake.AssertOneLine(result, 2, "unexpected argument 'two' for release status", "takes ID");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("watch")]
    [InlineData("report")]
    public async Task MissingId_SaysWhatIsNeeded(string command)
    {
        var result = await RunAsync([command]);

        UserMistake.AssertOneLine(result, 2, $"release {command} needs ID", "workflow id");
    }

    [Theory]
    [InlineData("status")]
    [InlineData("watch")]
    [InlineData("abort")]
    public async Task EmptyId_IsAUsageErrorNotUnreachable(string command)
    {
        var result = await RunAsync(command == "abort" ? [command, "", "--reason", "r"] : [command, ""]);

        UserMistake.AssertOneLine(result, 2, "the release id is empty", "release list");
    }

    [Fact]
    public async Task Abort_WithoutReason_AsksForOne()
    {
        var result = await RunAsync(["abort", "some-id"]);

        UserMistake.AssertOneLine(result, 2, "release abort needs --reason", "why the release is aborted");
    }

    [Fact]
    public async Task Abort_BlankReason_AsksForOne()
    {
        var result = await RunAsync(["abort", "some-id", "--reason", "  "]);

        UserMistake.AssertOneLine(result, 2, "--reason must say why");
    }

    [Fact]
    public async Task Start_PollIntervalNotADuration_InPlainWords()
    {
        var result = await RunAsync(["start", "release.json", "--poll-interval", "soon"]);

        UserMistake.AssertOneLine(result, 2, "--poll-interval 'soon' is not a duration", "500ms, 2s, 1m");
    }

    [Fact]
    public async Task Start_PollIntervalOutOfRange_SaysTheRange()
    {
        var manifest = Path.Combine(folder, "release.json");
        await File.WriteAllTextAsync(manifest, """{ "name": "bad-input", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [ { "name": "a" } ], "buildDependencies": [ ["a"] ] }""");

        var result = await RunAsync(["start", manifest, "--branch", "main", "--poll-interval", "2h"]);

        UserMistake.AssertOneLine(result, 2, "--poll-interval 7200 must be a number of seconds between 0 and 3600");
    }

    [Theory]
    [InlineData("x")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task List_LimitNotAWholeNumberInRange_SaysTheRange(string limit)
    {
        var result = await RunAsync(["list", "--limit", limit]);

        UserMistake.AssertOneLine(result, 2, $"--limit '{limit}' is not a whole number from 1 to 100000");
    }

    [Fact]
    public async Task List_LimitWithoutValue_AsksForOne()
    {
        var result = await RunAsync(["list", "--limit"]);

        UserMistake.AssertOneLine(result, 2, "--limit needs a value");
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("1e999")]
    public async Task Demo_TimeScaleNotANumber_InPlainWords(string scale)
    {
        var result = await RunAsync(["demo", "--time-scale", scale]);

        UserMistake.AssertOneLine(result, 2, $"--time-scale '{scale}' is not a number");
    }

    [Fact]
    public async Task Demo_TimeScaleZero_SaysTheRange()
    {
        var result = await RunAsync(["demo", "--time-scale", "0"]);

        UserMistake.AssertOneLine(result, 2, "--time-scale 0 must be a positive number");
    }

    [Fact]
    public async Task Demo_LogIsADirectory_AsksForAFile()
    {
        var result = await RunAsync(["demo", "--log", folder]);

        UserMistake.AssertOneLine(result, 2, $"--log '{folder}' is a directory", "worker.json");
    }

    [Fact]
    public async Task Demo_LogUnderAFile_SaysWhichIsAFile()
    {
        var file = Path.Combine(folder, "plain.txt");
        await File.WriteAllTextAsync(file, "");

        var result = await RunAsync(["demo", "--log", Path.Combine(file, "worker.json")]);

        UserMistake.AssertOneLine(result, 2, $"'{file}' is a file, not a folder");
    }

    [Fact]
    public async Task Demo_LogInUnwritableFolder_SaysItCannotBeWritten()
    {
        var unwritable = UnusableFiles.UnwritableFolder(folder);

        var result = await RunAsync(["demo", "--log", Path.Combine(unwritable, "worker.json")]);

        UserMistake.AssertOneLine(result, 2, "cannot be written", unwritable);
    }

    [Theory]
    [InlineData("not a host", "not host:port")]
    [InlineData("http://temporal:7233", "without a scheme")]
    [InlineData("temporal:99999", "not host:port")]
    public async Task AddressOption_NotHostPort_IsAUsageErrorNotUnreachable(string address, string problem)
    {
        var result = await RunAsync(["status", "some-id", "--address", address]);

        UserMistake.AssertOneLine(result, 2, $"--address is '{address}'", problem);
    }

    [Fact]
    public async Task AddressVariable_NotHostPort_NamesTheVariable()
    {
        var result = await RunAsync(["list"], new() { ["TEMPORAL_ADDRESS"] = "temporal" });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_ADDRESS (Temporal:Address) is 'temporal', not host:port");
    }

    [Fact]
    public async Task UiUrl_NotHttp_SaysSo()
    {
        var result = await RunAsync(["list", "--ui-url", "ftp://ui"]);

        UserMistake.AssertOneLine(result, 2, "--ui-url", "not an absolute http(s) URL");
    }

    [Fact]
    public async Task TlsVariable_NotABoolean_NamesIt()
    {
        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_TLS"] = "maybe" });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_TLS (Temporal:Tls:Enabled) is 'maybe', not true or false");
    }

    [Fact]
    public async Task ClientCertificateIsAFolder_NamesTheVariable()
    {
        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = folder });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_TLS_CLIENT_CERT_PATH", "is a folder");
    }

    [Fact]
    public async Task ServerCaUnreadable_SaysItCannotBeRead()
    {
        var unreadable = UnusableFiles.UnreadableFile(folder);

        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_TLS_SERVER_CA_CERT_PATH"] = unreadable });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_TLS_SERVER_CA_CERT_PATH", "cannot be read");
    }

    [Fact]
    public async Task ServerCaDataNotPem_SaysSo()
    {
        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_TLS_SERVER_CA_CERT_DATA"] = "not a certificate" });

        UserMistake.AssertOneLine(result, 2, "does not hold a PEM certificate");
    }

    [Fact]
    public async Task ClientCertificateWithoutKey_NamesTheMissingOne()
    {
        var cert = Path.Combine(folder, "client.pem");
        await File.WriteAllTextAsync(cert, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");

        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = cert });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_TLS_CLIENT_KEY_PATH (Temporal:Tls:ClientKeyPath) is not set");
    }

    [Fact]
    public async Task TlsDisabledWithCertificates_SaysWhichToRemove()
    {
        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_TLS"] = "false", ["TEMPORAL_TLS_SERVER_NAME"] = "temporal.example" });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_TLS (Temporal:Tls:Enabled) is false, but TLS certificates or a server name are set");
    }

    [Fact]
    public async Task ApiKeyWithLineBreak_NeverPrintsTheKey()
    {
        const string key = "tmprl-secret-key-value";

        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_API_KEY"] = $"{key}\nsecond-line" });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_API_KEY (Temporal:ApiKey) holds whitespace");
        Assert.DoesNotContain(key, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_UnreachableServer_TriesTlsAndNeverPrintsTheKey()
    {
        const string key = "tmprl-secret-key-value";

        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_API_KEY"] = key });

        UserMistake.AssertOneLine(result, 3, "cannot reach Temporal at 127.0.0.1:1 over TLS");
        Assert.DoesNotContain(key, result.StandardError + result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcMetaVariable_NotAHeaderName_NamesTheVariable()
    {
        var result = await RunAsync(["list"], new(Nowhere) { ["TEMPORAL_GRPC_META_TENANT@ID"] = "a" });

        UserMistake.AssertOneLine(result, 2, "TEMPORAL_GRPC_META_TENANT@ID does not name a valid gRPC header");
    }

    [Fact]
    public async Task Completion_UnknownShell_ListsTheShells()
    {
        var result = await RunAsync(["completion", "fish"]);

        UserMistake.AssertOneLine(result, 2, "'fish'", "bash", "zsh");
    }

    [Fact]
    public async Task Unreachable_IsARuntimeFaultWithExit3()
    {
        var result = await RunAsync(["status", "some-id"]);

        UserMistake.AssertOneLine(result, 3, "cannot reach Temporal at 127.0.0.1:1", "set TEMPORAL_ADDRESS or --address");
    }

    [Fact]
    public async Task Start_MaxParallelZero_SaysTheMinimum()
    {
        var result = await RunAsync(["start", "release.json", "--max-parallel", "0"]);

        UserMistake.AssertOneLine(result, 2, "--max-parallel '0' is not a whole number of 1 or more");
    }

    [Fact]
    public async Task Start_ApproveBeforeStageBeyondThePlan_NamesTheValidRange()
    {
        var manifest = Path.Combine(folder, "two-stages.json");
        await File.WriteAllTextAsync(manifest, """{ "name": "bad-input", "version": "1.0.0-SNAPSHOT", "scmHttpUrl": "https://github.com/acme", "components": [ { "name": "a" }, { "name": "b" } ], "buildDependencies": [ ["a"], ["b"] ] }""");

        var result = await RunAsync(["start", manifest, "--branch", "main", "--approve-before-stage", "9"]);

        UserMistake.AssertOneLine(result, 2, "--approve-before-stage 9 is not a stage of the plan: the plan has stages 1 to 2", "--plan-only");
    }

    [Fact]
    public async Task Start_ScheduleNotAChoice_ListsTheChoices()
    {
        var result = await RunAsync(["start", "release.json", "--schedule", "fast"]);

        UserMistake.AssertOneLine(result, 2, "--schedule 'fast' is not one of stages, graph");
    }

    [Fact]
    public async Task Decide_WithoutAnAction_AsksForOne()
    {
        var result = await RunAsync(["decide", "some-id", "api", "--reason", "flake"]);

        UserMistake.AssertOneLine(result, 2, "release decide needs a decision: --retry, --skip or --abort");
    }

    [Fact]
    public async Task Decide_TwoActions_AsksForOne()
    {
        var result = await RunAsync(["decide", "some-id", "api", "--retry", "--abort", "--reason", "flake"]);

        UserMistake.AssertOneLine(result, 2, "--retry and --abort are different decisions");
    }

    [Theory]
    [InlineData("decide", "some-id", "api", "--skip")]
    [InlineData("approve", "some-id")]
    [InlineData("pause", "some-id")]
    public async Task OperatorCommand_WithoutReason_AsksForOne(params string[] args)
    {
        var result = await RunAsync(args);

        UserMistake.AssertOneLine(result, 2, $"release {args[0]} needs --reason");
    }

    [Fact]
    public async Task Resume_OnlyWithFromStage_AsksForOne()
    {
        var result = await RunAsync(["resume", "some-id", "--only", "api", "--from-stage", "2"]);

        UserMistake.AssertOneLine(result, 2, "--only and --from-stage", "give one of them");
    }

    [Theory]
    [InlineData("--help", "Usage:")]
    [InlineData("--version", ".")]
    [InlineData("watch --help", "Follow a running release")]
    public async Task HelpAndVersion_PrintToStdoutExit0(string args, string expected)
    {
        var result = await RunAsync(args.Split(' '));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(result.StandardError);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A read-only folder left behind in the temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static Task<ProcessResult> RunAsync(string[] args, Dictionary<string, string>? environment = null) =>
        Executable.Release.RunAsync(args, environment ?? Nowhere);
}
