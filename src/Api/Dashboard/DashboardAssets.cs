using System.Reflection;

namespace Release.Api.Dashboard;

/// <summary>
/// The stylesheet and the live-update script, embedded in the assembly and served from 'self' (the
/// only places the Content-Security-Policy lets styles and scripts come from).
/// </summary>
internal static class DashboardAssets
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/dashboard/dashboard.css", "Release.Api.Dashboard.Assets.dashboard.css", "text/css; charset=utf-8"),
        ("/dashboard/dashboard.js", "Release.Api.Dashboard.Assets.dashboard.js", "text/javascript; charset=utf-8"),
    ];

    public static void MapDashboardAssets(this RouteGroupBuilder pages)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            pages.MapGet(path, () => Results.Bytes(bytes, contentType));
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the dashboard asset {resource} is not embedded in the build");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
