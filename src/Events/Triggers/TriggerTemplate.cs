using System.Text;

namespace Release.Events.Triggers;

/// <summary>
/// A text with substitutions: <c>{{data.FIELD}}</c> (a dotted path into the event's data),
/// <c>{{id}}</c>, <c>{{subject}}</c>, <c>{{type}}</c>, <c>{{source}}</c>, <c>{{time}}</c>.
/// Checked at load, so that a misspelt root is a mistake in the file, not a surprise per event.
/// </summary>
public sealed class TriggerTemplate
{
    public static readonly IReadOnlyList<string> Attributes = ["id", "subject", "type", "source", "time"];

    private const string Roots = "{{data.FIELD}}, {{id}}, {{subject}}, {{type}}, {{source}} or {{time}}";

    // Literal text alternates with substitutions: a null name is literal text.
    private readonly IReadOnlyList<(string Text, string? Name)> parts;

    private TriggerTemplate(string text, IReadOnlyList<(string, string?)> parts)
    {
        Text = text;
        this.parts = parts;
    }

    public string Text { get; }

    /// <summary>The template, or the problem with it and what to do, for the caller's one line.</summary>
    public static (TriggerTemplate? Template, string? Problem) Parse(string text)
    {
        var parts = new List<(string, string?)>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add((text[at..], null));
                break;
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return (null, $"\"{text}\" opens {{{{ without closing it; write e.g. {{{{data.artifactVersion}}}}");
            }

            parts.Add((text[at..open], null));
            var name = text[(open + 2)..close].Trim();
            var known = Attributes.Contains(name, StringComparer.Ordinal)
                || (name.StartsWith("data.", StringComparison.Ordinal) && TriggerFilter.ValidPath(name["data.".Length..]));
            if (!known)
            {
                return (null, $"unknown substitution {{{{{name}}}}}; use {Roots}");
            }

            parts.Add((name, name));
            at = close + 2;
        }

        return (new TriggerTemplate(text, parts), null);
    }

    internal (string? Text, string? Problem) Fill(EventFields fields)
    {
        var text = new StringBuilder();
        foreach (var (literal, name) in parts)
        {
            if (name is null)
            {
                text.Append(literal);
                continue;
            }

            var value = name.StartsWith("data.", StringComparison.Ordinal)
                ? fields.DataField(name["data.".Length..].Split('.'))
                : fields.Attribute(name);
            if (value is null)
            {
                return (null, $"the event has no {name} for {{{{{name}}}}}");
            }

            text.Append(value);
        }

        return (text.ToString(), null);
    }

    public override string ToString() => Text;
}
