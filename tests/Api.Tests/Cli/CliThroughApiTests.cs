using System.Text.Json;

namespace Api.Tests.Cli;

/// <summary><c>release --api URL --token-file F</c>: the same commands, through the REST API, with no Temporal connection.</summary>
[Collection(ApiCollection.Name)]
public sealed class CliThroughApiTests(ApiFixture api)
{
    private readonly ApiCli cli = new(api);

    [Fact]
    public async Task Start_wait_ThroughTheApi_FollowsTheReleaseToItsEnd()
    {
        var token = cli.TokenFile("cli-operator", "operate");
        var (manifest, workflowId) = ApiCli.Manifest("cli-core", "cli-web");

        var started = await cli.RunAsync(token, "start", manifest, "--branch", "main", "--wait");

        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Contains($"Started {workflowId}", started.Out, StringComparison.Ordinal);
        Assert.Contains("succeeded", started.Out, StringComparison.Ordinal);
        var status = await cli.RunAsync(token, "status", workflowId, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        using var document = JsonDocument.Parse(status.Out);
        Assert.Equal("succeeded", document.RootElement.GetProperty("status").GetString());
        Assert.All(
            document.RootElement.GetProperty("stages").EnumerateArray().SelectMany(s => s.GetProperty("components").EnumerateArray()),
            c => Assert.Equal("succeeded", c.GetProperty("status").GetString()));
        var list = await cli.RunAsync(token, "list", "--json");
        Assert.Contains(workflowId, list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Abort_ThroughTheApi_RecordsTheTokensName()
    {
        var token = cli.TokenFile("cli-aborter", "operate");
        var (manifest, workflowId) = ApiCli.Manifest("slow");
        var started = await cli.RunAsync(token, "start", manifest, "--branch", "main");
        Assert.True(started.ExitCode == 0, started.ToString());

        var aborted = await cli.RunAsync(token, "abort", workflowId, "--reason", "wrong tag");
        Assert.True(aborted.ExitCode == 0, aborted.ToString());
        var watched = await cli.RunAsync(token, "watch", workflowId, "--json");

        Assert.Equal(1, watched.ExitCode);
        var end = JsonDocument.Parse(watched.Out.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("aborted", end.GetProperty("status").GetString());
        var report = await cli.RunAsync(token, "report", workflowId);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("token:cli-aborter", report.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadToken_StartingARelease_IsRefusedInOneLine()
    {
        var token = cli.TokenFile("cli-reader", "read");
        var (manifest, _) = ApiCli.Manifest("cli-refused");

        var run = await cli.RunAsync(token, "start", manifest, "--branch", "main");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("release: the token may not do this", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task WrongToken_IsRefused_AndNeverPrinted()
    {
        var secret = "rel_0123456789ab_notARealSecretAtAll";
        var run = await cli.RunAsync(ApiCli.WriteFile(secret), "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the API refused the token", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, run.Error + run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo", "needs a Temporal connection")]
    [InlineData("list --query x", "--query does not go through --api")]
    [InlineData("abort some-id --reason r --as alice", "--as does not go through --api")]
    public async Task WhatTheApiCannotRun_IsRefusedByName(string line, string expected)
    {
        var run = await cli.RunAsync(cli.TokenFile("cli-limits", "operate"), line.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiWithoutTokenFile_OrUnreachable_SaysWhatToDo()
    {
        var noToken = await ApiCli.RunWithAsync(new Dictionary<string, string>(), "--api", api.BaseUrl.ToString(), "list");
        Assert.Equal(2, noToken.ExitCode);
        Assert.Contains("--token-file", noToken.Error, StringComparison.Ordinal);

        var missingFile = await ApiCli.RunWithAsync(new Dictionary<string, string>(), "--api", api.BaseUrl.ToString(), "--token-file", "/nonexistent/token", "list");
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Contains("cannot be read", missingFile.Error, StringComparison.Ordinal);

        var unreachable = await ApiCli.RunWithAsync(
            new Dictionary<string, string>(), "--api", "http://127.0.0.1:1", "--token-file", cli.TokenFile("cli-nowhere", "read"), "list");
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("is unreachable", unreachable.Error, StringComparison.Ordinal);
    }
}
