using System.Globalization;
using System.Text.Json;

namespace Release.Releases.Operations;

/// <summary>
/// Turns <c>--param key=value</c> into typed pipeline parameters: CircleCI rejects the string
/// "true" for a boolean parameter, so true/false and integers keep their JSON type.
/// </summary>
public static class PipelineParameters
{
    public static IReadOnlyDictionary<string, JsonElement> Parse(IEnumerable<string> pairs)
    {
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw ReleaseOperationException.Invalid($"--param \"{pair}\" is not key=value; write e.g. --param gio_action=release");
            }

            parameters[pair[..equals].Trim()] = Typed(pair[(equals + 1)..]);
        }

        return parameters;
    }

    private static JsonElement Typed(string value) =>
        value is "true" or "false" ? JsonSerializer.SerializeToElement(value == "true")
        : long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? JsonSerializer.SerializeToElement(number)
        : JsonSerializer.SerializeToElement(value);
}
