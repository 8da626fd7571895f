using Release.Api.Hosting;
using Release.Api.Releases;

namespace Release.Api.Dashboard;

/// <summary><c>/</c>: the releases, newest first, filtered as the API's list is (product, version, status).</summary>
internal static class ListPage
{
    private const int PageSize = 50;

    private static readonly string[] Statuses = ["running", "succeeded", "failed", "aborted", "dry_run", "terminated", "canceled", "timed_out"];

    public static async Task<IResult> RenderAsync(
        HttpContext context, ReleaseService service, string? product, string? version, string? status, string? pageToken)
    {
        if (DashboardSecurity.SignedIn(context) is not { } caller)
        {
            return DashboardSecurity.ToLogin(context);
        }

        product = Blank(product);
        version = Blank(version);
        status = Blank(status);
        Markup body;
        try
        {
            var list = await service.ListAsync(product, version, status, PageSize, Blank(pageToken), caller, context.RequestAborted);
            body = Table(list, product, version, status);
        }
        catch (Exception e) when (Problems.IsKnown(e))
        {
            body = Layout.Notice(DashboardSetup.ProblemText(e), error: true);
        }

        return Layout.Page(context, "Releases", Html.Of($"""
            <h1>Releases</h1>
            {Filter(product, version, status)}
            {body}
            """));
    }

    private static Markup Filter(string? product, string? version, string? status)
    {
        var options = Markup.Join(Statuses.Select(s => Html.Of($"""<option value="{s}"{(s == status ? new Markup(" selected") : Markup.Empty)}>{Formats.Label(s)}</option>""")));
        return Html.Of($"""
            <form method="get" action="/" class="filter" role="search" aria-label="Filter releases">
              <div class="field"><label for="product">Product</label><input id="product" name="product" value="{product}"></div>
              <div class="field"><label for="version">Version</label><input id="version" name="version" value="{version}"></div>
              <div class="field"><label for="status">Status</label>
                <select id="status" name="status"><option value="">any</option>{options}</select></div>
              <div class="field actions"><button type="submit">Filter</button> <a href="/">Clear</a></div>
            </form>
            """);
    }

    private static Markup Table(ReleaseList list, string? product, string? version, string? status)
    {
        if (list.Releases.Count == 0)
        {
            return Html.Of($"""<p class="empty">No release matches{(product is null && version is null && status is null ? " yet: start one with POST /api/v1/releases or the release command" : " these filters")}.</p>""");
        }

        var rows = Markup.Join(list.Releases.Select(r => Html.Of($"""
            <tr>
              <th scope="row"><a href="/releases/{Uri.EscapeDataString(r.WorkflowId)}">{r.Product ?? r.WorkflowId}</a></th>
              <td data-label="Version">{r.Version ?? "–"}</td>
              <td data-label="Status">{Formats.Status(r.Status)}</td>
              <td data-label="Started">{Formats.Time(r.StartedAt)}</td>
              <td data-label="Duration">{(r.Status == "running" ? "running" : Formats.Duration(r.DurationSeconds))}</td>
            </tr>
            """)));
        var next = list.NextPageToken is { } token
            ? Html.Of($"""<p><a href="/?product={Uri.EscapeDataString(product ?? "")}&amp;version={Uri.EscapeDataString(version ?? "")}&amp;status={Uri.EscapeDataString(status ?? "")}&amp;pageToken={Uri.EscapeDataString(token)}">Older releases</a></p>""")
            : Markup.Empty;
        return Html.Of($"""
            <table class="releases">
              <caption class="visually-hidden">Releases, newest first</caption>
              <thead><tr><th scope="col">Product</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Started</th><th scope="col">Duration</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            {next}
            """);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
