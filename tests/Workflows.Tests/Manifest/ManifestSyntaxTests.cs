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
    public void Parse_TrailingComma_IsRejectedBecauseOtherToolsReadStrictJson()
    {
        var error = Manifests.SingleError("{\n  \"name\": \"Gravitee.io\",\n}");

        Assert.Equal(3, error.Line);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
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
