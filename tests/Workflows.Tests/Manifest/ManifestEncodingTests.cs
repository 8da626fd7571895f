using System.Text;
using Release.Workflows.Manifest;

namespace Release.Workflows.Tests.Manifest;

/// <summary>Bytes that are not UTF-8, repeated keys, and syntax errors in plain words.</summary>
public class ManifestEncodingTests
{
    [Fact]
    public void Parse_InvalidUtf8_NamesTheByteOffset()
    {
        // "é" as Latin-1 writes it: one byte, 0xE9, which starts no UTF-8 character here.
        var bytes = Encoding.UTF8.GetBytes(Documents.With().Replace("Gravitee.io", "Gravit\u0001e.io", StringComparison.Ordinal));
        var offset = Array.IndexOf(bytes, (byte)0x01);
        bytes[offset] = 0xE9;

        var result = ManifestParser.Parse(bytes);

        var error = Assert.Single(result.Errors);
        Assert.Equal(
            $"the manifest is not valid UTF-8: byte {offset} (0xE9) starts no UTF-8 character; the file was probably saved in another encoding (e.g. Latin-1 or Windows-1252): save it as UTF-8",
            error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal(18, error.Column);
    }

    [Fact]
    public void Parse_InvalidUtf8AfterAByteOrderMark_CountsTheFilesBytes()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, (byte)'{', 0xFF, (byte)'}'];

        var error = Assert.Single(ManifestParser.Parse(bytes).Errors);

        Assert.StartsWith("the manifest is not valid UTF-8: byte 4 (0xFF)", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Column);
    }

    [Fact]
    public void Parse_DuplicateKey_IsAnErrorAtTheRepeat()
    {
        var json = Documents.With(components: """[{"name": "a"}, {"name": "b", "version": "1.0.0", "version": "1.0.0-SNAPSHOT"}]""");

        var error = Manifests.SingleError(json);

        Assert.Equal("\"version\" appears twice in components[1]; keep only one, since JSON readers disagree on which one wins", error.Message);
        Assert.Equal(Documents.ComponentsLine, error.Line);
        Assert.Equal(Documents.ColumnOf(json, Documents.ComponentsLine, "\"version\": \"1.0.0-SNAPSHOT\""), error.Column);
    }

    [Fact]
    public void Parse_DuplicateTopLevelKey_SaysTopLevel()
    {
        var json = Documents.With().Replace("\"name\": \"Gravitee.io\",", "\"name\": \"Gravitee.io\", \"name\": \"APIM\",", StringComparison.Ordinal);

        Assert.Equal(
            "\"name\" appears twice at the top level; keep only one, since JSON readers disagree on which one wins",
            Manifests.SingleError(json).Message);
    }

    [Fact]
    public void Parse_Comment_SaysCommentsAreNotJson()
    {
        var error = Manifests.SingleError("{\n  \"name\": \"x\" // the product\n}");

        Assert.Equal("the manifest is not valid JSON: comments are not allowed in JSON; remove the comment", error.Message);
        Assert.Equal(2, error.Line);
        Assert.Equal(15, error.Column);
    }

    [Fact]
    public void Parse_EmptyFile_SaysItIsEmpty()
    {
        Assert.StartsWith("the manifest is empty; write a JSON object", Manifests.SingleError("  \n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedDocument_SaysWhatIsStillOpen()
    {
        var error = Manifests.SingleError("{\n  \"components\": [\n");

        Assert.Equal("the manifest is not valid JSON: it ends with an object or array still open; close it with '}' or ']'", error.Message);
    }

    [Theory]
    [InlineData("{\"name\": \"x", "the manifest is not valid JSON: a string is never closed; add its closing '\"'")]
    [InlineData("{\"name\": \"x\"} {}", "the manifest is not valid JSON: more text follows the manifest's closing '}'; remove it, a manifest is one JSON object")]
    public void Parse_CommonSlips_AreNamedPlainly(string json, string message)
    {
        Assert.Equal(message, Manifests.SingleError(json).Message);
    }

    [Theory]
    [InlineData("{\"a\": 1 \"b\": 2}")]
    [InlineData("{\"a\": \"x")]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": tru}")]
    [InlineData("{\"a\": [1, 2}")]
    [InlineData("{} {}")]
    [InlineData("{\"a\": \"x\ty\"}")]
    [InlineData("{\"a\": NaN}")]
    [InlineData("{\"a\": 01}")]
    [InlineData("{\"a\": 1,,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\": /* c */ 1}")]
    [InlineData("")]
    [InlineData("{\"components\": [")]
    public void Parse_MalformedJson_SpeaksPlainWords(string json)
    {
        var error = Manifests.SingleError(json);

        Assert.StartsWith("the manifest is ", error.Message, StringComparison.Ordinal);
        foreach (var jargon in new[] { "reader options", "isFinalBlock", "LineNumber", "BytePosition", "System.", "JsonReader", "payload" })
        {
            Assert.DoesNotContain(jargon, error.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_TooDeep_SaysHowDeepAManifestIs()
    {
        var json = $$"""{"components": {{new string('[', 100)}}{{new string(']', 100)}}}""";

        Assert.StartsWith("the manifest is not valid JSON for a release: it nests objects and arrays deeper than 64 levels", Manifests.SingleError(json).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ComponentNameLongerThanARepositoryName_IsRejected()
    {
        var name = new string('a', 101);

        var error = Manifests.SingleError(Documents.With(components: $$"""[{"name": "a"}, {"name": "b"}, {"name": "{{name}}", "version": "1.0.0"}]"""));

        Assert.Equal($"components[2] name \"{name[..20]}...\" has 101 characters; a repository name has at most 100", error.Message);
    }
}
