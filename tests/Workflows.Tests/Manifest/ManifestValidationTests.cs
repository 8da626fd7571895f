using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

public class ManifestValidationTests
{
    [Fact]
    public void Parse_MissingNameAndVersion_ReportsBoth()
    {
        const string json = """
            {
              "scmHttpUrl": "https://github.com/gravitee-io",
              "components": [{"name": "a"}],
              "buildDependencies": [["a"]]
            }
            """;

        var errors = Manifests.ParseInvalid(json);

        Assert.Equal(2, errors.Count);
        Assert.Equal("the release name (\"name\") is missing; add it at the top level, e.g. \"name\": \"Gravitee.io\"", errors[0].Message);
        Assert.Equal("name", errors[0].Path);
        Assert.Equal(1, errors[0].Line);
        Assert.Equal("the release version (\"version\") is missing; add it at the top level, e.g. \"version\": \"3.1.0\"", errors[1].Message);
    }

    [Fact]
    public void Parse_VersionIsANumber_SaysWhatWasFound()
    {
        var json = Documents.With().Replace("\"3.1.0-SNAPSHOT\"", "3.1", StringComparison.Ordinal);

        var error = Manifests.SingleError(json);

        Assert.StartsWith("the release version (\"version\") must be a string, found a number; ", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
        Assert.Equal(14, error.Column);
    }

    [Fact]
    public void Parse_BlankName_IsReportedAsEmpty()
    {
        var json = Documents.With().Replace("\"Gravitee.io\"", "\"  \"", StringComparison.Ordinal);

        Assert.StartsWith("the release name (\"name\") is empty; ", Manifests.SingleError(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ComponentWithoutName_ReportsItsIndex()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"version": "1.0.0"}, {"name": "b"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[1].name is missing; give the component its repository name, e.g. \"name\": \"gravitee-gateway\"", error.Message);
        Assert.Equal("components[1].name", error.Path);
        Assert.Equal(Documents.ComponentsLine, error.Line);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "{\"version\""), error.Column);
    }

    [Fact]
    public void Parse_ComponentIsNotAnObject_SaysWhatIsExpected()
    {
        var errors = Manifests.ParseInvalid(Documents.With(components: """[{"name": "a"}, "b"]"""));

        // The stage entry "b" is then unknown too: both messages are true, and both say what to do.
        Assert.Equal(2, errors.Count);
        var error = errors[0];
        Assert.StartsWith("components[1] must be an object like {\"name\": \"gravitee-gateway\", \"version\": \"3.1.0\"}, found a string", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gravitee-io/gateway")]
    [InlineData("gravitee gateway")]
    public void Parse_ComponentNameThatIsNoRepositoryName_IsRejected(string name)
    {
        var json = Documents.With(components: $$"""[{"name": "a"}, {"name": "b"}, {"name": "{{name}}"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal($"components[2] name \"{name}\" is not a repository name; use only letters, digits, '.', '-' and '_'", error.Message);
    }

    [Fact]
    public void Parse_ComponentVersionIsANumber_SaysToQuoteOrRemoveIt()
    {
        var error = Manifests.SingleError(Documents.With(components: """[{"name": "a", "version": 3}, {"name": "b"}]"""));

        Assert.Equal(
            "components[0] (\"a\") version must be a string, found a number; set a version such as \"3.1.0-SNAPSHOT\", or remove \"version\" to use the release version",
            error.Message);
        Assert.Equal("components[0].version", error.Path);
    }

    [Fact]
    public void Parse_DuplicateComponentNames_ReportsBothPositions()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b"}, {"name": "a", "version": "2.0.0"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("components[2] repeats the name \"a\" of components[0]; remove one of them", error.Message);
        Assert.Equal("components[2]", error.Path);
    }

    [Fact]
    public void Parse_StageNamesUnknownComponent_NamesStageAndComponent()
    {
        var json = Documents.With(
            components: """[{"name": "a"}, {"name": "b"}, {"name": "c"}]""",
            stages: """[["a"], ["b"], ["c", "gravitee-foo"]]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("buildDependencies[2] (stage 3) names \"gravitee-foo\", which is not a component; add it to components or remove it", error.Message);
        Assert.Equal("buildDependencies[2][1]", error.Path);
        Assert.Equal(Documents.StagesLine, error.Line);
        Assert.Equal(Documents.ColumnOf(json, Documents.StagesLine, "\"gravitee-foo\""), error.Column);
    }

    [Fact]
    public void Parse_ComponentInTwoStages_ReportsBothStages()
    {
        var json = Documents.With(stages: """[["a"], ["b"], ["a"]]""");

        var error = Manifests.SingleError(json);

        Assert.Equal(
            "\"a\" is in buildDependencies[0] (stage 1) and buildDependencies[2] (stage 3); keep it only in the first stage after its dependencies",
            error.Message);
        Assert.Equal("buildDependencies[2][0]", error.Path);
    }

    [Fact]
    public void Parse_ComponentInThreeStages_ReportsItOnceWithAllStages()
    {
        var error = Manifests.SingleError(Documents.With(stages: """[["a"], ["a", "b"], ["a"]]"""));

        Assert.Contains("stage 1) and buildDependencies[1] (stage 2) and buildDependencies[2] (stage 3)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateEntryInStage_ReportsTheRepeat()
    {
        var error = Manifests.SingleError(Documents.With(stages: """[["a"], ["b", "b"]]"""));

        Assert.Equal("buildDependencies[1] (stage 2) lists \"b\" twice; remove the repeat", error.Message);
        Assert.Equal("buildDependencies[1][1]", error.Path);
    }

    [Fact]
    public void Parse_ComponentInNoStage_ReportsTheComponent()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b"}, {"name": "c"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal(
            "components[2] (\"c\") is in no stage of buildDependencies; add it to the first stage after its dependencies, or remove it from components",
            error.Message);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "{\"name\": \"c\"}"), error.Column);
    }

    [Fact]
    public void Parse_StageEntryIsNotAString_SaysWhatWasFound()
    {
        var error = Manifests.SingleError(Documents.With(stages: """[["a"], ["b", 7]]"""));

        Assert.Equal("buildDependencies[1] (stage 2) has a number at buildDependencies[1][1]; list component names as strings", error.Message);
    }

    [Fact]
    public void Parse_StageIsNotAnArray_SaysWhatIsExpected()
    {
        var errors = Manifests.ParseInvalid(Documents.With(stages: """[["a"], "b"]"""));

        Assert.Contains(errors, e => e.Message == "buildDependencies[1] (stage 2) must be an array of component names, found a string");
        Assert.Contains(errors, e => e.Message.StartsWith("components[1] (\"b\") is in no stage", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_EmptyStage_AsksToRemoveIt()
    {
        var error = Manifests.SingleError(Documents.With(stages: """[["a"], [], ["b"]]"""));

        Assert.Equal("buildDependencies[1] (stage 2) is empty; remove it or list the components built at that point", error.Message);
    }

    [Fact]
    public void Parse_NoComponentsAndNoStages_ReportsAnEmptyRelease()
    {
        var errors = Manifests.ParseInvalid(Documents.With(components: "[]", stages: "[]"));

        Assert.Equal(
            ["\"components\" is empty; a release needs at least one component", "\"buildDependencies\" is empty; list at least one stage of component names"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Parse_MissingComponentsAndStages_SaysHowToAddThem()
    {
        const string json = """{"name": "G", "version": "1.0.0", "scmHttpUrl": "https://github.com/gravitee-io"}""";

        var errors = Manifests.ParseInvalid(json);

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("the release has no \"components\"; add them, e.g.", errors[0].Message, StringComparison.Ordinal);
        Assert.StartsWith("the release has no \"buildDependencies\"; list its stages in build order", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ComponentsNotAnArray_DoesNotReportEachStageEntryAsUnknown()
    {
        var error = Manifests.SingleError(Documents.With(components: """{"name": "a"}"""));

        Assert.Equal("\"components\" must be an array of {\"name\", \"version\"} objects, found an object; make it a list", error.Message);
    }

    [Theory]
    [InlineData("git@github.com:gravitee-io")]
    [InlineData("https://github.com/")]
    [InlineData("https://gitlab.com/gravitee-io")]
    [InlineData("ftp://github.com/gravitee-io")]
    [InlineData("gravitee-io")]
    public void Parse_ScmHttpUrlWithoutOrganisation_IsRejected(string url)
    {
        var error = Manifests.SingleError(Documents.With(scmHttpUrl: $"\"{url}\""));

        Assert.Equal(
            $"\"scmHttpUrl\" \"{url}\" does not name an organisation; use \"https://github.com/<org>\" or \"https://bitbucket.org/<org>\"",
            error.Message);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void Parse_MissingScmHttpUrl_SaysWhatItIsFor()
    {
        var error = Manifests.SingleError(Documents.With(scmHttpUrl: "null"));

        Assert.Equal(
            "\"scmHttpUrl\" is missing; add the organisation URL the CircleCI project slugs derive from, e.g. \"scmHttpUrl\": \"https://github.com/gravitee-io\"",
            error.Message);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneFromTopToBottom()
    {
        var errors = Manifests.ParseInvalid(TestFiles.Invalid("many-problems.json"));

        string[] expected =
        [
            "the release version (\"version\") is missing;",
            "\"scmHttpUrl\" \"git@github.com:gravitee-io\" does not name an organisation;",
            "components[2].name is missing;",
            "components[4] repeats the name \"gravitee-gateway\" of components[3];",
            "components[5] (\"gravitee-management-rest-api\") is in no stage of buildDependencies;",
            "buildDependencies[1] (stage 2) lists \"gravitee-node\" twice;",
            "buildDependencies[2] (stage 3) names \"gravitee-gateway-api\", which is not a component;",
            "\"gravitee-common\" is in buildDependencies[0] (stage 1) and buildDependencies[2] (stage 3);",
        ];
        Assert.Equal(expected.Length, errors.Count);
        Assert.All(expected.Zip(errors), pair => Assert.StartsWith(pair.First, pair.Second.Message, StringComparison.Ordinal));
        Assert.Equal(1, errors[0].Line);
        Assert.Equal([3, 7, 9, 10, 14, 15, 15], errors.Skip(1).Select(e => e.Line!.Value));
    }
}
