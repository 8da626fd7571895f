using System.Text.Json;
using Release.Starter.Cli;

namespace Api.Tests.Cli;

/// <summary>What one command line printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

/// <summary>
/// The real <c>release</c> command line (parser, commands, error handling) in a shell whose only
/// settings are the API's address and token file: no Temporal variable at all.
/// </summary>
internal sealed class ApiCli(ApiFixture api)
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "api-cli-tests", Guid.NewGuid().ToString("N"));

    /// <summary>A token file for a new token with these scopes, as a user would keep one.</summary>
    public string TokenFile(string name, params string[] scopes) => WriteFile(api.CreateToken(name, scopes) + "\n");

    public Task<CliRun> RunAsync(string tokenFile, params string[] args) =>
        RunWithAsync(new Dictionary<string, string> { ["RELEASE_API_URL"] = api.BaseUrl.ToString(), ["RELEASE_API_TOKEN_FILE"] = tokenFile }, args);

    public static async Task<CliRun> RunWithAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = CliConsole.ForWriters(output, error, name => environment.GetValueOrDefault(name), variableNames: environment.Keys.ToList());
        var exitCode = await ReleaseCli.RunAsync(args, console, CancellationToken.None);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A manifest of one stage of quick components, with a release name of its own; its workflow id.</summary>
    public static (string Path, string WorkflowId) Manifest(params string[] components)
    {
        var name = $"cli{Guid.NewGuid().ToString("N")[..10]}";
        var json = JsonSerializer.Serialize(new
        {
            name,
            version = "2.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components = components.Select(c => new { name = c }),
            buildDependencies = new[] { components },
        });
        return (WriteFile(json), $"release-{name}-2.0.0-snapshot");
    }

    public static string WriteFile(string text)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{Guid.NewGuid():N}");
        File.WriteAllText(path, text);
        return path;
    }
}
