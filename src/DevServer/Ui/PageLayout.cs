using System.Text;

namespace Release.DevServer.Ui;

/// <summary>The frame around every page: header, namespace picker and the stylesheet. No scripts.</summary>
internal static class PageLayout
{
    public static string Render(string title, string ns, IReadOnlyList<string> namespaces, string body)
    {
        var options = new StringBuilder();
        foreach (var name in namespaces.Contains(ns) ? namespaces : [.. namespaces, ns])
        {
            options.Append($"<option value=\"{Html.E(name)}\"{(name == ns ? " selected" : "")}>{Html.E(name)}</option>");
        }
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Html.E(title)} · Temporal dev server</title>
            <style>{Css}</style>
            </head>
            <body>
            <header>
              <a class="brand" href="{Html.E(Html.ListUrl(ns))}">Temporal dev server</a>
              <nav><a href="{Html.E(Html.ListUrl(ns))}">Workflows</a> <a href="{Html.E(Html.Url("/schedules", ("namespace", ns)))}">Schedules</a></nav>
              <form class="ns" method="get" action="/">
                <label>Namespace <select name="namespace">{options}</select></label>
                <button type="submit">Switch</button>
              </form>
            </header>
            <main>
            {body}
            </main>
            </body>
            </html>
            """;
    }

    public static string Error(string message) => $"<div class=\"error\" role=\"alert\">{Html.E(message)}</div>";

    private const string Css = """
        :root { --fg: #1f2328; --muted: #656d76; --line: #d8dee4; --bg: #f6f8fa; --accent: #2f5bd3; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
        header { display: flex; align-items: center; justify-content: space-between; padding: 10px 24px; background: #141a2e; color: #fff; }
        header a.brand { color: #fff; font-weight: 600; text-decoration: none; font-size: 15px; }
        header nav a { color: #c9d1e5; margin-right: 12px; text-decoration: none; }
        header form.ns { display: flex; gap: 6px; align-items: center; color: #c9d1e5; }
        main { padding: 20px 24px 48px; max-width: 1400px; }
        h1 { font-size: 20px; margin: 0 0 4px; word-break: break-all; }
        h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        a { color: var(--accent); }
        code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
        pre { margin: 0; white-space: pre-wrap; word-break: break-word; }
        pre.payload, pre.stack, pre.event { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; max-height: 480px; overflow: auto; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        thead th { background: var(--bg); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); }
        table.kv th { width: 200px; font-weight: 600; color: var(--muted); }
        td.id { word-break: break-all; }
        .muted { color: var(--muted); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
        .status-running { background: #2f6fdb; }
        .status-completed { background: #1f883d; }
        .status-failed { background: #cf222e; }
        .status-timedout { background: #bc4c00; }
        .status-canceled { background: #8c959f; }
        .status-terminated { background: #6e3630; }
        .status-continuedasnew { background: #8250df; }
        .status-paused, .status-unspecified { background: #9a6700; }
        .toolbar { display: flex; gap: 8px; margin: 12px 0; flex-wrap: wrap; align-items: center; }
        .toolbar input[type=text] { flex: 1 1 480px; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; font-family: ui-monospace, monospace; }
        button { padding: 5px 12px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
        .quick a { margin-right: 10px; }
        .error { background: #ffebe9; border: 1px solid #ff8182; color: #82071e; border-radius: 6px; padding: 10px 12px; margin: 12px 0; white-space: pre-wrap; }
        .failure { border-left: 4px solid #cf222e; padding: 4px 0 4px 12px; }
        .failure-message { font-weight: 600; color: #82071e; white-space: pre-wrap; }
        .cause-label { margin-top: 10px; font-size: 12px; text-transform: uppercase; color: var(--muted); }
        .summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 12px 0; }
        .summary dt { color: var(--muted); }
        .summary dd { margin: 0; word-break: break-all; }
        .pager { margin-top: 12px; display: flex; gap: 16px; }
        details summary { cursor: pointer; color: var(--accent); }
        td.event-type { font-weight: 600; white-space: nowrap; }
        td time, td.times div { white-space: nowrap; }
        .title-status { margin-bottom: 8px; }
        header select { padding: 2px 4px; border-radius: 4px; }
        td.attrs span { display: inline-block; margin-right: 12px; }
        td.attrs b { font-weight: 500; color: var(--muted); }
        h3 { font-size: 14px; margin: 16px 0 6px; }
        .markdown p { margin: 6px 0; }
        .markdown table.md { width: auto; margin: 6px 0; }
        .markdown table.md th { text-transform: none; letter-spacing: 0; font-size: 13px; }
        .markdown code { background: var(--bg); padding: 0 4px; border-radius: 4px; }
        .static-summary { font-size: 15px; font-weight: 500; }
        td.attrs span.event-summary { display: block; font-weight: 500; }
        td.workflow-summary { max-width: 420px; }
        """;
}
