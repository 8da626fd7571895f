using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

public class ManifestSyntaxTests
{
    [Fact]
    public void Parse_MissingComma_ReportsOneBasedLineAndColumn()
    {
        const string json = """
            {
              "name": "Gravitee.io",
              "version": "3.1.0"
              "scmHttpUrl": "https://github.com/gravitee-io"
            }
            """;

        var error = Manifests.SingleError(json);

        Assert.Equal(4, error.Line);
        Assert.Equal(3, error.Column);
        Assert.StartsWith("the manifest is not valid JSON: '\"' is invalid after a value", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; fix the syntax there", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Path);
    }

    [Fact]
    public void Parse_MalformedAfterAccents_CountsColumnsInCharactersNotBytes()
    {
        // "été" is 3 characters but 5 UTF-8 bytes: the stray quote is the 16th character.
        var error = Manifests.SingleError("""{"name": "été" "version": "1"}""");

        Assert.Equal(1, error.Line);
        Assert.Equal(16, error.Column);
    }

    [Fact]
    public void Parse_TrailingCommas_AreAcceptedWithAWarningEach()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b",},]""", stages: """[["a"], ["b"],]""");

        var result = ManifestParser.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(3, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Equal("a trailing comma after the last item; it is accepted here, but strict JSON readers refuse it: remove it", w.Message));
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, ",}"), result.Warnings[0].Column);
        Assert.Equal(Documents.ComponentsLine, result.Warnings[1].Line);
        Assert.Equal(Documents.StagesLine, result.Warnings[2].Line);
        Assert.Equal(Documents.ColumnOf(json, Documents.StagesLine, ",]"), result.Warnings[2].Column);
    }

    [Fact]
    public void Parse_TrailingCommaReadStrictly_IsAnError()
    {
        var result = ManifestParser.Parse(Documents.With(stages: """[["a"], ["b"],]"""), new ManifestParseOptions(Strict: true));

        var error = Assert.Single(result.Errors);
        Assert.Equal("a trailing comma after the last item (refused when reading strictly, as strict JSON readers do); remove it", error.Message);
        Assert.Equal(Documents.StagesLine, error.Line);
        Assert.Null(error.Path);
    }

    [Fact]
    public void Parse_TrailingCommaInsideAString_IsNoWarning()
    {
        var result = ManifestParser.Parse(Documents.With().Replace("\"Gravitee.io\"", "\"Gravitee ,]\\\",}\"", StringComparison.Ordinal));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        Assert.Equal("Gravitee ,]\",}", result.Manifest.Name);
    }

    [Fact]
    public void Parse_EmptyText_ReportsInvalidJsonAtTheStart()
    {
        var error = Manifests.SingleError("");

        Assert.Equal(1, error.Line);
        Assert.Equal(1, error.Column);
    }

    [Fact]
    public void Parse_UnterminatedDocument_ReportsInvalidJson()
    {
        var error = Manifests.SingleError("{\n  \"name\": \"Gravitee.io\",\n  \"components\": [\n");

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_RootIsAnArray_SaysAnObjectIsExpected()
    {
        var error = Manifests.SingleError("[]");

        Assert.Equal(
            "the manifest must be a JSON object with name, version, scmHttpUrl, components and buildDependencies; found an array",
            error.Message);
    }

    [Fact]
    public void ToString_WithLine_PrefixesLineAndColumn()
    {
        Assert.Equal("line 4, column 3: oops", new ManifestError("oops", "x", 4, 3).ToString());
        Assert.Equal("oops", new ManifestError("oops").ToString());
    }
}
