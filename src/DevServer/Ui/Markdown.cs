using System.Text;

namespace Release.DevServer.Ui;

/// <summary>
/// The small part of Markdown that workflow summaries and details use, rendered to safe HTML:
/// paragraphs, pipe tables, <c>**bold**</c>, <c>`code`</c>, <c>[text](url)</c> links and backslash
/// escapes. Everything else is text: every character from the workflow passes through
/// <see cref="Html.E"/>, no raw HTML is passed on, and a link is made only for an absolute http(s)
/// URL (a <c>javascript:</c> or relative one stays plain text). The details are user data, so the
/// renderer is written so that no input can produce markup other than the few tags it emits.
/// </summary>
internal static class Markdown
{
    // Details are bounded by the payload limit already; a page should still not render megabytes of them.
    private const int MaxChars = 64 * 1024;

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }
        var text = markdown.Length > MaxChars ? markdown[..MaxChars] + "…" : markdown;
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var html = new StringBuilder("<div class=\"markdown\">");
        var i = 0;
        while (i < lines.Length)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                i++;
            }
            else if (IsTableStart(lines, i))
            {
                i = Table(lines, i, html);
            }
            else
            {
                var paragraph = new List<string>();
                while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]) && !IsTableStart(lines, i))
                {
                    paragraph.Add(Inline(lines[i].Trim()));
                    i++;
                }
                html.Append("<p>").Append(string.Join("<br>", paragraph)).Append("</p>");
            }
        }
        return html.Append("</div>").ToString();
    }

    private static bool IsTableStart(string[] lines, int i) =>
        i + 1 < lines.Length && lines[i].TrimStart().StartsWith('|') && IsSeparator(lines[i + 1]);

    private static bool IsSeparator(string line)
    {
        var cells = Cells(line);
        return cells.Count > 0 && cells.All(c => c.Length > 0 && c.Trim(':').Length > 0 && c.Trim(':').All(ch => ch == '-'));
    }

    private static int Table(string[] lines, int i, StringBuilder html)
    {
        var header = Cells(lines[i]);
        html.Append("<table class=\"md\"><thead><tr>");
        foreach (var cell in header)
        {
            html.Append("<th>").Append(Inline(cell)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        i += 2;
        while (i < lines.Length && lines[i].TrimStart().StartsWith('|'))
        {
            var cells = Cells(lines[i]);
            html.Append("<tr>");
            for (var c = 0; c < header.Count; c++)
            {
                html.Append("<td>").Append(c < cells.Count ? Inline(cells[c]) : "").Append("</td>");
            }
            html.Append("</tr>");
            i++;
        }
        html.Append("</tbody></table>");
        return i;
    }

    /// <summary>A table row's cells, split on unescaped pipes; escapes are kept for the inline pass.</summary>
    private static List<string> Cells(string line)
    {
        var row = line.Trim();
        if (row.StartsWith('|'))
        {
            row = row[1..];
        }
        if (row.EndsWith('|') && !row.EndsWith("\\|", StringComparison.Ordinal))
        {
            row = row[..^1];
        }
        var cells = new List<string>();
        var cell = new StringBuilder();
        for (var k = 0; k < row.Length; k++)
        {
            if (row[k] == '\\' && k + 1 < row.Length)
            {
                cell.Append(row[k]).Append(row[k + 1]);
                k++;
            }
            else if (row[k] == '|')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(row[k]);
            }
        }
        cells.Add(cell.ToString().Trim());
        return cells;
    }

    /// <summary>One line's inline markup; the text between the recognised pieces is encoded.</summary>
    private static string Inline(string text)
    {
        var html = new StringBuilder();
        var plain = new StringBuilder();
        void Flush()
        {
            html.Append(Html.E(plain.ToString()));
            plain.Clear();
        }
        var k = 0;
        while (k < text.Length)
        {
            var ch = text[k];
            if (ch == '\\' && k + 1 < text.Length && char.IsAsciiLetterOrDigit(text[k + 1]) is false && !char.IsWhiteSpace(text[k + 1]))
            {
                plain.Append(text[k + 1]);
                k += 2;
            }
            else if (ch == '`' && text.IndexOf('`', k + 1) is var close and > 0)
            {
                Flush();
                html.Append("<code>").Append(Html.E(text[(k + 1)..close])).Append("</code>");
                k = close + 1;
            }
            else if (ch == '*' && k + 1 < text.Length && text[k + 1] == '*' && text.IndexOf("**", k + 2, StringComparison.Ordinal) is var end and > 0 && end > k + 2)
            {
                Flush();
                html.Append("<strong>").Append(Inline(text[(k + 2)..end])).Append("</strong>");
                k = end + 2;
            }
            else if (ch == '[' && LinkAt(text, k) is { } link)
            {
                Flush();
                var label = Inline(link.Label);
                html.Append(SafeUrl(link.Url) is { } url
                    ? $"<a href=\"{Html.E(url)}\" rel=\"noopener noreferrer\">{label}</a>"
                    : label);
                k = link.End;
            }
            else
            {
                plain.Append(ch);
                k++;
            }
        }
        Flush();
        return html.ToString();
    }

    /// <summary><c>[label](url)</c> starting at <paramref name="start"/>, with the index just after it.</summary>
    private static (string Label, string Url, int End)? LinkAt(string text, int start)
    {
        var k = start + 1;
        while (k < text.Length && text[k] != ']')
        {
            k += text[k] == '\\' ? 2 : 1;
        }
        if (k + 1 >= text.Length || text[k + 1] != '(')
        {
            return null;
        }
        // Balanced parentheses belong to the URL, as in CommonMark: [x](javascript:alert(1)) is one link.
        var close = -1;
        for (int c = k + 2, depth = 0; c < text.Length && close < 0; c++)
        {
            depth += text[c] == '(' ? 1 : text[c] == ')' ? -1 : 0;
            close = depth < 0 ? c : -1;
        }
        if (close < 0)
        {
            return null;
        }
        return (text[(start + 1)..k], text[(k + 2)..close].Trim(), close + 1);
    }

    /// <summary>The URL if it is absolute http or https; anything else (javascript:, data:, relative) is not linked.</summary>
    public static string? SafeUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !url.Any(char.IsWhiteSpace)
            ? uri.AbsoluteUri
            : null;
}
