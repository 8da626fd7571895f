namespace Release.Workflows.Tests.Manifest;

public class CircleCiOverridesValidationTests
{
    [Fact]
    public void Parse_BadOverrides_ReportsEachWithItsComponent()
    {
        var errors = Manifests.ParseInvalid(TestFiles.Invalid("bad-overrides.json"));

        Assert.Collection(
            errors,
            e =>
            {
                Assert.Equal("components[0] (\"gravitee-common\") \"circleci\" must be an object like {\"projectSlug\": \"gh/org/repo\", \"branch\": \"main\"}, found a string", e.Message);
                Assert.Equal(6, e.Line);
            },
            e =>
            {
                Assert.Equal("components[1] (\"gravitee-gateway\") \"circleci\" has an unknown field \"projectslug\"; use projectSlug, branch or parameters", e.Message);
                Assert.Equal("components[1].circleci.projectslug", e.Path);
                Assert.Equal(7, e.Line);
            },
            e => Assert.Equal("components[2] (\"gravitee-management-rest-api\") projectSlug \"gravitee-io/gravitee-management-rest-api\" is not a CircleCI project slug; write it as \"<vcs>/<org>/<repo>\", e.g. \"gh/gravitee-io/gravitee-gateway\"", e.Message),
            e => Assert.Equal("components[3] (\"gravitee-management-webui\") branch is empty; name a branch such as \"3.1.x\", or remove it to use the start command's branch", e.Message),
            e =>
            {
                Assert.Equal("components[3] (\"gravitee-management-webui\") parameter \"node\" is an object; CircleCI pipeline parameters are strings, integers or booleans", e.Message);
                Assert.Equal("components[3].circleci.parameters.node", e.Path);
            },
            e => Assert.Equal("components[4] (\"gravitee-portal-webui\") parameters must be an object of name/value pairs, found an array", e.Message));
    }

    [Fact]
    public void Parse_NullOverrides_MeanNoOverrides()
    {
        var json = Documents.With(components: """[{"name": "a", "circleci": null}, {"name": "b", "circleci": {"branch": null, "parameters": null}}]""");

        var manifest = Manifests.ParseValid(json);

        Assert.Null(manifest.Components[0].CircleCi);
        Assert.Null(manifest.Components[1].CircleCi!.Branch);
        Assert.Null(manifest.Components[1].CircleCi!.Parameters);
    }

    [Fact]
    public void Parse_EmptyReleaseFile_ReportsNoComponentsAndNoStages()
    {
        var errors = Manifests.ParseInvalid(TestFiles.Invalid("empty-release.json"));

        Assert.Equal([5, 6], errors.Select(e => e.Line!.Value));
    }
}
