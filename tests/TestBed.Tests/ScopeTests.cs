namespace TestBed.Tests;

/// <summary><c>release scope MANIFEST</c>: seed 000's repos-scope list of a manifest.</summary>
public sealed class ScopeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("testbed-scope-").FullName;

    [Fact]
    public async Task Scope_ManifestWithOverride_OneUrlPerComponentInOrderToStdoutAndFile()
    {
        var manifest = Path.Combine(folder, "release.json");
        File.WriteAllText(manifest, """
            {
              "name": "APIM", "version": "3.1.0-SNAPSHOT", "scmHttpUrl": "https://github.com/gravitee-io/",
              "components": [
                { "name": "gravitee-common", "version": "1.17.0-SNAPSHOT" },
                { "name": "gravitee-definition", "version": "1.22.1" },
                { "name": "gravitee-portal-webui", "circleci": { "projectSlug": "gh/gravitee-io/gravitee-portal-ui" } },
                { "name": "gravitee-bb", "circleci": { "projectSlug": "bb/acme/gravitee-bb-fork", "branch": "3.1.x" } }
              ],
              "buildDependencies": [ ["gravitee-common"], ["gravitee-portal-webui", "gravitee-bb"] ]
            }
            """);
        string[] expected =
        [
            "https://github.com/gravitee-io/gravitee-common",
            "https://github.com/gravitee-io/gravitee-definition",
            "https://github.com/gravitee-io/gravitee-portal-ui",
            "https://bitbucket.org/acme/gravitee-bb-fork",
        ];
        var output = Path.Combine(folder, "repos-scope.3.1.x.list");

        var printed = await Cli.RunAsync(null, "scope", manifest);
        var written = await Cli.RunAsync(null, "scope", manifest, "--out", output);

        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal(expected, printed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Equal(string.Join("\n", expected) + "\n", File.ReadAllText(output));
        Assert.Equal($"wrote 4 repositories of APIM 3.1.0-SNAPSHOT to {output}", written.Out.Trim());

        // The list reads back as the test bed's input.
        Assert.Equal(expected, Release.TestBed.Scope.ScopeList.Read(output).Repositories.Select(r => r.ToString()));
    }

    [Fact]
    public async Task Scope_InvalidManifest_OneLineExit2()
    {
        var manifest = Path.Combine(folder, "release.json");
        File.WriteAllText(manifest, """{ "name": "x", "version": "1.0.0", "components": [], "buildDependencies": [] }""");

        var result = await Cli.RunAsync(null, "scope", manifest);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"release: invalid manifest {manifest}: ", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
