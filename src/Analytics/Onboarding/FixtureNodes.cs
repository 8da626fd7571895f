using Release.Shared;
using YamlDotNet.RepresentationModel;

namespace Release.Analytics.Onboarding;

/// <summary>
/// Reading one fixture file's YAML nodes, where every refusal names the file and the line of the
/// node at fault.
/// </summary>
internal sealed class FixtureNodes(string file)
{
    public FixtureException Error(YamlNode node, string problem) => new(file, node.Start.Line, problem);

    public FixtureException Error(long line, string problem) => new(file, line, problem);

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw Error(node, $"{what} is not a mapping; write it as key: value lines");

    public YamlSequenceNode Sequence(YamlNode node, string what) =>
        node as YamlSequenceNode ?? throw Error(node, $"{what} is not a list; write each entry on a line starting with \"- \"");

    public string Scalar(YamlNode node, string what)
    {
        var value = (node as YamlScalarNode ?? throw Error(node, $"{what} is not a single value; write it as {what}: text")).Value;
        return string.IsNullOrWhiteSpace(value) ? throw Error(node, $"{what} is empty; give it a value") : value.Trim();
    }

    /// <summary>The value of a key, or null when it is absent.</summary>
    public static YamlNode? Find(YamlMappingNode mapping, string key) =>
        mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == key).Value;

    public YamlNode Required(YamlMappingNode mapping, string key, string where) =>
        Find(mapping, key) ?? throw Error(mapping, $"{where} has no \"{key}\"; add {key}:");

    /// <summary>Refuses a key outside <paramref name="known"/>, naming the known key it is probably a typo of.</summary>
    public void OnlyKnownKeys(YamlMappingNode mapping, string where, params string[] known)
    {
        foreach (var key in mapping.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (known.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var near = NearestName.Find(name, known);
            throw Error(key, near is null
                ? $"unknown key \"{name}\" in {where}; the keys are {string.Join(", ", known)}"
                : $"unknown key \"{name}\" in {where}; did you mean \"{near}\"?");
        }
    }
}
