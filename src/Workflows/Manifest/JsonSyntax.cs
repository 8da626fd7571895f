using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Release.Workflows.Manifest;

/// <summary>
/// The problems found before the manifest can be read at all: bytes that are not UTF-8 and text
/// that is not JSON, in plain words rather than in the JSON library's.
/// </summary>
internal static class JsonSyntax
{
    /// <summary>The offset of the first byte that is not UTF-8, or null when all of it is.</summary>
    public static int? FirstInvalidUtf8(byte[] utf8)
    {
        if (Utf8.IsValid(utf8))
        {
            return null;
        }

        var chars = new char[utf8.Length];
        Utf8.ToUtf16(utf8, chars, out var bytesRead, out _, replaceInvalidSequences: false);
        return bytesRead;
    }

    public static string InvalidUtf8Message(byte[] utf8, int offset, int fileOffset) =>
        $"the manifest is not valid UTF-8: byte {fileOffset} (0x{utf8[offset]:X2}) starts no UTF-8 character; "
        + "the file was probably saved in another encoding (e.g. Latin-1 or Windows-1252): save it as UTF-8";

    /// <summary>The reader's reason, reworded where it speaks of its own options or internals.</summary>
    public static string Message(JsonException e, byte[] utf8, int offset)
    {
        if (IsComment(utf8, offset))
        {
            return "the manifest is not valid JSON: comments are not allowed in JSON; remove the comment";
        }

        var reason = Reason(e);
        if (reason.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "the manifest is empty; write a JSON object with name, version, scmHttpUrl, components and buildDependencies";
        }

        if (reason.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "the manifest is not valid JSON: it ends with an object or array still open; close it with '}' or ']'";
        }

        if (reason.StartsWith("Expected end of string", StringComparison.Ordinal))
        {
            return "the manifest is not valid JSON: a string is never closed; add its closing '\"'";
        }

        if (reason.Contains("after a single JSON value", StringComparison.Ordinal))
        {
            return "the manifest is not valid JSON: more text follows the manifest's closing '}'; remove it, a manifest is one JSON object";
        }

        if (reason.StartsWith("The maximum configured depth", StringComparison.Ordinal))
        {
            return $"the manifest is not valid JSON for a release: it nests objects and arrays deeper than {ManifestParser.MaxDepth} levels; a release.json needs four";
        }

        return $"the manifest is not valid JSON: {reason}; fix the syntax there";
    }

    private static bool IsComment(byte[] utf8, int offset) =>
        offset + 1 < utf8.Length && utf8[offset] == (byte)'/' && utf8[offset + 1] is (byte)'/' or (byte)'*';

    // The reader's message ends with 0-based positions ("LineNumber: 2 | BytePositionInLine: 4."),
    // which would contradict the 1-based ones given to people, and some sentences speak to the
    // programmer ("Change the reader options", "when isFinalBlock is true").
    private static string Reason(JsonException e)
    {
        var message = e.Message.ReplaceLineEndings(" ");
        var cut = new[] { message.IndexOf(" Path:", StringComparison.Ordinal), message.IndexOf(" LineNumber:", StringComparison.Ordinal) }
            .Where(i => i >= 0)
            .DefaultIfEmpty(message.Length)
            .Min();
        var sentences = message[..cut]
            .Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.TrimEnd('.'))
            .Where(s => !s.Contains("reader options", StringComparison.OrdinalIgnoreCase)
                && !s.Contains("isFinalBlock", StringComparison.Ordinal)
                && !s.Contains("JsonReaderOptions", StringComparison.Ordinal));
        var reason = new StringBuilder();
        foreach (var sentence in sentences)
        {
            reason.Append(reason.Length == 0 ? "" : ". ").Append(sentence);
        }

        return reason.ToString();
    }
}
