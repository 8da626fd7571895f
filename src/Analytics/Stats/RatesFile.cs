using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Release.Analytics.Stats;

/// <summary>
/// Reads <c>--rates FILE</c>: a YAML or JSON mapping of resource class to credits per minute
/// (<c>large: 20</c>, <c>{"large": 20}</c>); JSON is YAML, so one reader serves both.
/// </summary>
public static class RatesFile
{
    /// <exception cref="RatesFileException">The file is missing, not a mapping, or a rate is not a number of zero or more.</exception>
    public static ResourceRates Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RatesFileException($"cannot read the rates file {path}: {e.Message}");
        }

        return ResourceRates.With(Parse(text, path));
    }

    public static IReadOnlyDictionary<string, double> Parse(string text, string path)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RatesFileException($"{path}:{e.Start.Line}: not YAML or JSON ({e.Message}); write one 'resource_class: credits_per_minute' a line");
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode mapping)
        {
            throw new RatesFileException($"{path}: not a mapping of resource class to credits per minute; write e.g. 'large: 20'");
        }

        var rates = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value;
            if (string.IsNullOrWhiteSpace(name)
                || value is not YamlScalarNode { Value: { } number }
                || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
                || !double.IsFinite(rate) || rate < 0)
            {
                throw new RatesFileException($"{path}:{key.Start.Line}: '{key}' needs credits per minute as a number of zero or more, e.g. 'large: 20'");
            }

            rates[name] = rate;
        }

        return rates;
    }
}
