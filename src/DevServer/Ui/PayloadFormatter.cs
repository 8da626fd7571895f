using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Temporalio.Api.Common.V1;

namespace Release.DevServer.Ui;

/// <summary>
/// Shows payloads the way a person wants to read them: JSON encodings pretty-printed, anything else
/// (binary, encrypted, protobuf bytes) as its size and encoding, since the UI has no codec for it.
/// </summary>
internal static class PayloadFormatter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // the page HTML-encodes it afterwards
    };

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Encoding(Payload payload) =>
        payload.Metadata.TryGetValue("encoding", out var encoding) ? encoding.ToStringUtf8() : "";

    /// <summary>The payload as text: indented JSON, or a description such as "12 bytes, binary/plain".</summary>
    public static string Text(Payload payload, bool indented = true)
    {
        var encoding = Encoding(payload);
        switch (encoding)
        {
            case "binary/null":
                return "null";
            case "json/plain" or "json/protobuf":
                try
                {
                    using var document = JsonDocument.Parse(payload.Data.Memory);
                    return indented
                        ? JsonSerializer.Serialize(document.RootElement, Indented)
                        : JsonSerializer.Serialize(document.RootElement, CompactOptions);
                }
                catch (JsonException)
                {
                    return $"{payload.Data.Length} bytes, {encoding} (not valid JSON)";
                }
            default:
                return $"{payload.Data.Length} bytes, {(encoding.Length == 0 ? "no encoding" : encoding)}";
        }
    }

    /// <summary>A one-line preview for tables, cut at <paramref name="max"/> characters.</summary>
    public static string Preview(IEnumerable<Payload> payloads, int max = 120)
    {
        var text = string.Join(", ", payloads.Select(p => Text(p, indented: false)));
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }

    /// <summary>Payloads as HTML: one pre block each (several arguments are numbered).</summary>
    public static string Block(IReadOnlyList<Payload> payloads)
    {
        if (payloads.Count == 0)
        {
            return "<p class=\"muted\">none</p>";
        }
        var html = new StringBuilder();
        for (var i = 0; i < payloads.Count; i++)
        {
            if (payloads.Count > 1)
            {
                html.Append($"<div class=\"muted\">argument {i + 1}</div>");
            }
            html.Append($"<pre class=\"payload\">{Html.E(Capped(Text(payloads[i])))}</pre>");
        }
        return html.ToString();
    }

    // A page stays loadable when a workflow carries megabytes of input.
    private static string Capped(string text, int max = 100_000) =>
        text.Length <= max ? text : $"{text[..max]}\n… ({text.Length - max} more characters)";

    /// <summary>A name → value table, for memo and search attributes.</summary>
    public static string Table(IEnumerable<KeyValuePair<string, Payload>> fields)
    {
        var rows = fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return "<p class=\"muted\">none</p>";
        }
        var html = new StringBuilder("<table class=\"kv\"><tbody>");
        foreach (var (name, value) in rows)
        {
            html.Append($"<tr><th>{Html.E(name)}</th><td><pre class=\"payload\">{Html.E(Text(value))}</pre></td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }
}
