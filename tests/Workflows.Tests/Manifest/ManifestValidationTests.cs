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
        var result = ManifestParser.Parse(Documents.With(components: """[{"name": "a"}, "b"]"""));

        // The stage entry "b" is then unknown too: a warning, true as well, that says what to do.
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("buildDependencies[1] (stage 2) names \"b\", which is not a component", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
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
    public void Parse_StageNamesUnknownComponent_WarnsWithStageAndPosition()
    {
        var json = Documents.With(
            components: """[{"name": "a"}, {"name": "b"}, {"name": "c"}]""",
            stages: """[["a"], ["b"], ["c", "gravitee-foo"]]""");

        var result = ManifestParser.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("buildDependencies[2] (stage 3) names \"gravitee-foo\", which is not a component, so it is left out of the plan; remove it, or add it to components to release it", warning.Message);
        Assert.Equal("buildDependencies[2][1]", warning.Path);
        Assert.Equal(Documents.StagesLine, warning.Line);
        Assert.Equal(Documents.ColumnOf(json, Documents.StagesLine, "\"gravitee-foo\""), warning.Column);
        Assert.Equal(["c"], result.Manifest.BuildDependencies[2]);
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
            "components[2] (\"c\") is a snapshot (3.1.0-SNAPSHOT) in no stage of buildDependencies, so it would never be released; add it to the first stage after its dependencies, or give it a released version",
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
        Assert.Contains(errors, e => e.Message.StartsWith("components[1] (\"b\") is a snapshot (3.1.0-SNAPSHOT) in no stage", StringComparison.Ordinal));
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
        var json = Documents.With().Replace("\"scmHttpUrl\": \"https://github.com/gravitee-io\",", "", StringComparison.Ordinal);

        var error = Manifests.SingleError(json);

        Assert.Equal(
            "\"scmHttpUrl\" is missing; add the organisation URL the CircleCI project slugs derive from, e.g. \"scmHttpUrl\": \"https://github.com/gravitee-io\"",
            error.Message);
    }

    [Fact]
    public void Parse_NullScmHttpUrl_SaysItMustBeAString()
    {
        var error = Manifests.SingleError(Documents.With(scmHttpUrl: "null"));

        Assert.StartsWith("\"scmHttpUrl\" must be a string, found null; add the organisation URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryErrorAndWarningFromTopToBottom()
    {
        var result = ManifestParser.Parse(TestFiles.Invalid("many-problems.json"));

        string[] errors =
        [
            "the release version (\"version\") is missing;",
            "\"scmHttpUrl\" \"git@github.com:gravitee-io\" does not name an organisation;",
            "components[2].name is missing;",
            "components[4] repeats the name \"gravitee-gateway\" of components[3];",
            "components[5] (\"gravitee-management-rest-api\") is a snapshot (3.1.0-SNAPSHOT) in no stage of buildDependencies,",
            "components[6] (\"gravitee-policy-cache\") version must be a string, found null;",
            "\"name\" appears twice in components[7];",
            "buildDependencies[1] (stage 2) lists \"gravitee-node\" twice;",
            "\"gravitee-common\" is in buildDependencies[0] (stage 1) and buildDependencies[2] (stage 3);",
        ];
        string[] warnings =
        [
            "components[7] (\"gravitee-policy-",
            "a trailing comma after the last item;",
            "buildDependencies[2] (stage 3) names \"gravitee-gateway-api\", which is not a component, so it is left out of the plan;",
        ];
        Assert.False(result.IsValid);
        Assert.Equal(errors.Length, result.Errors.Count);
        Assert.All(errors.Zip(result.Errors), pair => Assert.StartsWith(pair.First, pair.Second.Message, StringComparison.Ordinal));
        Assert.Equal([1, 3, 7, 9, 10, 11, 12, 16, 17], result.Errors.Select(e => e.Line!.Value));
        Assert.Equal(warnings.Length, result.Warnings.Count);
        Assert.All(warnings.Zip(result.Warnings), pair => Assert.StartsWith(pair.First, pair.Second.Message, StringComparison.Ordinal));
        Assert.Contains("version \"1.4.0-snapshot\" looks like a snapshot", result.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal([12, 12, 17], result.Warnings.Select(w => w.Line!.Value));
    }
}
