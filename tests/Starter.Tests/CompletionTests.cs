using System.Diagnostics;
using System.Runtime.Versioning;
using Release.Starter.Cli;

namespace Starter.Tests;

/// <summary>The completion script loaded in a real bash, completing against the built `release`.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class CompletionTests : IDisposable
{
    private readonly string bin = Directory.CreateTempSubdirectory("release-bin-").FullName;

    [Theory]
    [InlineData("release sta", "status")]
    [InlineData("release wat", "watch")]
    [InlineData("release status some-id --add", "--address")]
    [InlineData("release completion ", "zsh")]
    [InlineData("release res", "resume")]
    [InlineData("release unp", "unpause")]
    [InlineData("release decide some-id api --ret", "--retry")]
    [InlineData("release start release.json --schedule ", "graph")]
    [InlineData("release start release.json --on-failure ", "ask")]
    [InlineData("release start release.json --approve", "--approve-before-stage")]
    public async Task Bash_CompletesCommandsAndOptions(string line, string expected)
    {
        var script = await Cli.RunAsync(Cli.Nowhere, "completion", "bash");
        Assert.True(script.ExitCode == ExitCodes.Success, script.ToString());
        var scriptFile = Path.Combine(bin, "release.bash");
        await File.WriteAllTextAsync(scriptFile, script.Out);
        // `release` on PATH, as `dotnet tool install --global` puts it.
        var release = Path.Combine(bin, "release");
        await File.WriteAllTextAsync(release, $"#!/bin/sh\nexec \"{DotnetHost()}\" \"{Path.Combine(AppContext.BaseDirectory, "release.dll")}\" \"$@\"\n");
        File.SetUnixFileMode(release, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var completions = await CompleteAsync(scriptFile, line);

        Assert.Contains(expected, completions);
    }

    public void Dispose() => Directory.Delete(bin, recursive: true);

    private async Task<string[]> CompleteAsync(string scriptFile, string line)
    {
        var words = line.EndsWith(' ') ? $"{line.TrimEnd()} ''" : line;
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"""
            source '{scriptFile}'
            COMP_LINE='{line}'; COMP_POINT=${"{"}#COMP_LINE{"}"}
            COMP_WORDS=({words}); COMP_CWORD=$(( ${"{"}#COMP_WORDS[@]{"}"} - 1 ))
            _release_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """);
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"bash exited {bash.ExitCode}: {error}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}
