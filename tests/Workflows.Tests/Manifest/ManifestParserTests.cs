using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

public class ManifestParserTests
{
    [Fact]
    public void Parse_ValidManifest_ReadsReleaseAndComponents()
    {
        var manifest = Manifests.ParseValid(Manifests.Valid);

        Assert.Equal("Gravitee.io", manifest.Name);
        Assert.Equal("3.1.0-SNAPSHOT", manifest.Version);
        Assert.Equal("https://github.com/gravitee-io", manifest.ScmHttpUrl);
        Assert.Equal(
            ["gravitee-common", "gravitee-definition", "gravitee-gateway", "gravitee-management-webui"],
            manifest.Components.Select(c => c.Name));
        Assert.Equal(3, manifest.BuildDependencies.Count);
        Assert.Equal(["gravitee-gateway", "gravitee-management-webui"], manifest.BuildDependencies[2]);
    }

    [Fact]
    public void Parse_ComponentWithoutVersion_TakesReleaseVersion()
    {
        var manifest = Manifests.ParseValid(Manifests.Valid);

        Assert.Equal("3.1.0-SNAPSHOT", manifest.Components.Single(c => c.Name == "gravitee-gateway").Version);
        Assert.Equal("1.22.1", manifest.Components.Single(c => c.Name == "gravitee-definition").Version);
    }

    [Fact]
    public void Parse_ComponentWithNullVersion_SaysItMustBeAString()
    {
        // null is not "absent": it is usually a placeholder nobody filled in.
        var error = Manifests.SingleError(Manifests.Valid.Replace(
            "\"name\": \"gravitee-common\", \"version\": \"1.17.0-SNAPSHOT\"",
            "\"name\": \"gravitee-common\", \"version\": null",
            StringComparison.Ordinal));

        Assert.StartsWith("components[0] (\"gravitee-common\") version must be a string, found null; ", error.Message, StringComparison.Ordinal);
        Assert.Equal("components[0].version", error.Path);
        Assert.Equal(6, error.Line);
    }

    [Fact]
    public void Parse_ReleaseVersionNull_SaysItMustBeAString()
    {
        var error = Manifests.SingleError(Documents.With().Replace("\"3.1.0-SNAPSHOT\"", "null", StringComparison.Ordinal));

        Assert.StartsWith("the release version (\"version\") must be a string, found null; ", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_CircleCiOverrides_ReadsSlugBranchAndTypedParameters()
    {
        var webui = Manifests.ParseValid(Manifests.Valid).Components.Single(c => c.Name == "gravitee-management-webui");

        Assert.NotNull(webui.CircleCi);
        Assert.Equal("gh/gravitee-io/gravitee-ui", webui.CircleCi.ProjectSlug);
        Assert.Equal("ui-3.1.x", webui.CircleCi.Branch);
        Assert.NotNull(webui.CircleCi.Parameters);
        Assert.Equal("12", webui.CircleCi.Parameters["node_version"].GetString());
        Assert.False(webui.CircleCi.Parameters["dry_run"].GetBoolean());
    }

    [Fact]
    public void Parse_ComponentWithoutOverrides_HasNoCircleCi()
    {
        var manifest = Manifests.ParseValid(Manifests.Valid);

        Assert.Null(manifest.Components[0].CircleCi);
    }

    [Fact]
    public void Parse_UnknownFieldsAndInformationalFields_AreAcceptedAndKept()
    {
        var json = Manifests.Valid.Replace(
            "\"name\": \"Gravitee.io\",",
            """
            "name": "Gravitee.io", "buildTimestamp": "2020-09-14T08:00:00+0000", "scmSshUrl": "git@github.com:gravitee-io",
            "releaseNotes": { "url": "https://example.org" },
            """,
            StringComparison.Ordinal).Replace(
            "{ \"name\": \"gravitee-gateway\" }",
            "{ \"name\": \"gravitee-gateway\", \"owner\": \"apim-team\" }",
            StringComparison.Ordinal);

        var manifest = Manifests.ParseValid(json);

        Assert.Equal("2020-09-14T08:00:00+0000", manifest.BuildTimestamp);
        Assert.Equal("git@github.com:gravitee-io", manifest.ScmSshUrl);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsIgnored()
    {
        Assert.True(ManifestParser.Parse("\uFEFF" + Manifests.Valid).IsValid);
    }

    [Fact]
    public void Parse_ThroughReleaseManifest_IsTheSameParser()
    {
        Assert.Equal(
            ManifestParser.Parse(Manifests.Valid).Manifest!.Components.Count,
            ReleaseManifest.Parse(Manifests.Valid).Manifest!.Components.Count);
    }
}
