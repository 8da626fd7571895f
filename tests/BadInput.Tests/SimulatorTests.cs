using System.Net;
using System.Net.Sockets;
using BadInput.Tests.Support;

namespace BadInput.Tests;

/// <summary>The CircleCI simulator's command line: every mistake is one line on stderr and exit 2.</summary>
public sealed class SimulatorTests : IDisposable
{
    private static readonly string Scenario = Path.Combine(AppContext.BaseDirectory, "scenarios", "all-success.json");

    private readonly string folder = Directory.CreateTempSubdirectory("simulator-bad-input-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("unknown option '--prot'; did you mean --port?", "--prot", "5080")]
    [InlineData("unknown option '--webhook-ulr'; did you mean --webhook-url?", "--webhook-ulr", "http://127.0.0.1:8088/circleci/webhook")]
    [InlineData("unexpected argument 'serve'", "serve")]
    [InlineData("--port needs a value", "--port")]
    [InlineData("--port must be a whole number from 0 to 65535 (0 picks a free port), not 'abc'", "--port", "abc")]
    [InlineData("--port must be a whole number from 0 to 65535 (0 picks a free port), not '70000'", "--port", "70000")]
    [InlineData("--time-scale must be a positive number such as 0.1, not 'fast'", "--time-scale", "fast")]
    [InlineData("--time-scale must be a positive number such as 0.1, not '0'", "--time-scale", "0")]
    [InlineData("--page-size must be a whole number of at least 1, not '0'", "--page-size", "0")]
    [InlineData("--ip must be an IP address such as 127.0.0.1 or 0.0.0.0, not 'localhost'", "--ip", "localhost")]
    [InlineData("--webhook-url must be an absolute http:// or https:// URL", "--webhook-url", "ftp://example.com/hook")]
    [InlineData("--webhook-url must be an absolute http:// or https:// URL", "--webhook-url", "/circleci/webhook")]
    [InlineData("--webhook-url needs a secret to sign with", "--webhook-url", "http://127.0.0.1:8088/circleci/webhook")]
    public async Task Simulator_BadOption_OneLineAndExit2(string expected, params string[] args)
    {
        string[] port = args.Contains("--port") ? [] : ["--port", "0"];

        var result = await Executable.Simulator.RunAsync(["--scenario", Scenario, .. port, .. args]);

        UserMistake.AssertOneLine(result, 2, expected);
    }

    [Fact]
    public async Task Simulator_NoScenario_OneLineAndExit2()
    {
        var result = await Executable.Simulator.RunAsync(["--port", "0"]);

        UserMistake.AssertOneLine(result, 2, "--scenario FILE is required");
    }

    [Fact]
    public async Task Simulator_MissingScenarioFile_OneLineAndExit2()
    {
        var result = await Executable.Simulator.RunAsync(["--scenario", "/nonexistent/scenario.json", "--port", "0"]);

        UserMistake.AssertOneLine(result, 2, "cannot read scenario file '/nonexistent/scenario.json': no such file");
    }

    [Fact]
    public async Task Simulator_ScenarioIsADirectory_OneLineAndExit2()
    {
        var result = await Executable.Simulator.RunAsync(["--scenario", folder, "--port", "0"]);

        UserMistake.AssertOneLine(result, 2, "it is a directory, not a file");
    }

    [Theory]
    [InlineData("""{"projects": {"*": {"workflows": [ }}}""", "not valid JSON", "line 1, column 36")]
    [InlineData("""{"projects": """, "the file ends before an object or array is closed")]
    [InlineData("""{"projekts": {}}""", "unknown field 'projekts'")]
    [InlineData("""{"seed": "seven"}""", "expected a whole number at $.seed")]
    [InlineData("""{"faults": {"slowRate": true}}""", "expected a number at $.faults.slowRate")]
    [InlineData("""[1, 2]""", "expected an object")]
    [InlineData("""{"projects": {"*": {"workflows": [{"name": "w", "jobs": [{"name": "a", "requires": ["zzz"]}]}]}}}""", "requires 'zzz'")]
    public async Task Simulator_MalformedScenario_OneLineAndExit2(string json, params string[] mentions)
    {
        var path = Path.Combine(folder, "scenario.json");
        await File.WriteAllTextAsync(path, json);

        var result = await Executable.Simulator.RunAsync(["--scenario", path, "--port", "0"]);

        UserMistake.AssertOneLine(result, 2, ["invalid scenario file", .. mentions]);
    }

    [Fact]
    public async Task Simulator_PortInUse_OneLineAndExit2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await Executable.Simulator.RunAsync(["--scenario", Scenario, "--port", port]);

        UserMistake.AssertOneLine(result, 2, $"cannot listen on 127.0.0.1:{port}: the port is in use");
    }

    [Fact]
    public async Task Simulator_Help_PrintsTheOptionsAndExits0()
    {
        var result = await Executable.Simulator.RunAsync(["--help"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("--webhook-url", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--scenario", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(result.StandardError);
    }

    [Fact]
    public async Task Simulator_Version_PrintsOneVersionAndExits0()
    {
        var result = await Executable.Simulator.RunAsync(["--version"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StandardOutput.Trim());
        Assert.Empty(result.StandardError);
    }
}
