using System.Text.Json.Nodes;

namespace Api.Tests.Http;

/// <summary>
/// A release of its own product for one test, so its workflow id and its components' CircleCI
/// projects are the test's alone. A component named "fails", "slow" or "flaky" is played by the
/// scenario's project of that name (<see cref="ApiScenario"/>); any other is a quick one.
/// </summary>
internal sealed class TestRelease
{
    private static readonly string[] Special = ["fails", "slow", "flaky"];

    private TestRelease(string product, string[][] stages, string version)
    {
        Product = product;
        Branch = $"branch-{Guid.NewGuid().ToString("N")[..8]}";
        Version = version;
        Stages = stages;
    }

    public string Product { get; }

    /// <summary>The branch every component is released from: pipelines of this test are found by it in the simulator.</summary>
    public string Branch { get; }

    public string Version { get; }

    public string[][] Stages { get; }

    public static TestRelease Of(params string[][] stages) => new($"api{Guid.NewGuid().ToString("N")[..10]}", stages, "1.0.0-SNAPSHOT");

    /// <summary>Another release of the same product (another workflow id), with the same components.</summary>
    public TestRelease WithVersion(string version) => new(Product, Stages, version);

    /// <summary>The manifest's name of a component given by its short name in <see cref="Stages"/>.</summary>
    public string Component(string shortName) => $"{Product}-{shortName}";

    /// <summary>The CircleCI project that plays a component.</summary>
    public string ProjectSlug(string shortName) => Special.Contains(shortName) ? $"gh/acme/{shortName}" : $"gh/acme/{Component(shortName)}";

    public JsonObject Manifest()
    {
        var components = new JsonArray();
        foreach (var name in Stages.SelectMany(s => s))
        {
            var component = new JsonObject { ["name"] = Component(name) };
            if (Special.Contains(name))
            {
                component["circleci"] = new JsonObject { ["projectSlug"] = ProjectSlug(name) };
            }

            components.Add(component);
        }

        return new JsonObject
        {
            ["name"] = Product,
            ["version"] = Version,
            ["scmHttpUrl"] = "https://github.com/acme",
            ["components"] = components,
            ["buildDependencies"] = new JsonArray(Stages.Select(s => (JsonNode)new JsonArray(s.Select(n => (JsonNode)JsonValue.Create(Component(n))!).ToArray())).ToArray()),
        };
    }

    /// <summary>The body of a start with the manifest inline, polling briskly; a test adds what it needs.</summary>
    public JsonObject StartBody() => new()
    {
        ["manifest"] = Manifest(),
        ["branch"] = Branch,
        ["pollIntervalSeconds"] = 0.1,
    };
}
