using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

/// <summary>Small documents and assertions shared by the manifest tests.</summary>
internal static class Manifests
{
    /// <summary>A valid manifest: a snapshot, a release, an inherited version, an override.</summary>
    public const string Valid = """
        {
          "name": "Gravitee.io",
          "version": "3.1.0-SNAPSHOT",
          "scmHttpUrl": "https://github.com/gravitee-io",
          "components": [
            { "name": "gravitee-common", "version": "1.17.0-SNAPSHOT" },
            { "name": "gravitee-definition", "version": "1.22.1" },
            { "name": "gravitee-gateway" },
            {
              "name": "gravitee-management-webui",
              "circleci": { "projectSlug": "gh/gravitee-io/gravitee-ui", "branch": "ui-3.1.x", "parameters": { "node_version": "12", "dry_run": false } }
            }
          ],
          "buildDependencies": [
            ["gravitee-common"],
            ["gravitee-definition"],
            ["gravitee-gateway", "gravitee-management-webui"]
          ]
        }
        """;

    public static ReleaseManifest ParseValid(string json)
    {
        var result = ManifestParser.Parse(json);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Manifest;
    }

    public static IReadOnlyList<ManifestError> ParseInvalid(string json)
    {
        var result = ManifestParser.Parse(json);
        Assert.False(result.IsValid);
        Assert.Null(result.Manifest);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.DoesNotContain('\n', e.Message));
        return result.Errors;
    }

    public static ManifestError SingleError(string json) => Assert.Single(ParseInvalid(json));
}
