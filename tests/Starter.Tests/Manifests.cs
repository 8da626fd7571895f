using System.Text.Json;

namespace Starter.Tests;

/// <summary>
/// Manifest files for the tests, each with a release name of its own so that its workflow id
/// (release-{name}-{version}) is unique to the test.
/// </summary>
internal static class Manifests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "starter-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Snapshot components named by stage, plus one released component that is skipped.</summary>
    public static (string Path, string WorkflowId) Write(params string[][] stages)
    {
        var name = $"t{Guid.NewGuid().ToString("N")[..10]}";
        var components = stages.SelectMany(s => s).Select(n => new { name = n }).Cast<object>()
            .Append(new { name = "released-lib", version = "1.0.0" })
            .ToList();
        var json = JsonSerializer.Serialize(new
        {
            name,
            version = "1.0.0-SNAPSHOT",
            scmHttpUrl = "https://github.com/acme",
            components,
            buildDependencies = stages.Select((s, i) => i == 0 ? s.Append("released-lib").ToArray() : s),
        });
        return (WriteText(json), $"release-{name}-1.0.0-snapshot");
    }

    public static string WriteText(string text)
    {
        Directory.CreateDirectory(Folder);
        var path = System.IO.Path.Combine(Folder, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }
}
