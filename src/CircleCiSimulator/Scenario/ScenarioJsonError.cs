using System.Text.Json;
using System.Text.RegularExpressions;

namespace Release.CircleCiSimulator;

/// <summary>
/// Says what System.Text.Json found wrong in a scenario in plain words: where (field path, line,
/// column) and what, without .NET type names or advice about reader options.
/// </summary>
internal static partial class ScenarioJsonError
{
    public static string Describe(JsonException e)
    {
        var where = Where(e);
        var message = e.Message;
        if (UnknownField().Match(message) is { Success: true } unknown)
        {
            return $"unknown field '{unknown.Groups[1].Value}'{where}";
        }

        if (MissingFields().Match(message) is { Success: true } missing)
        {
            return $"missing field {missing.Groups[1].Value}{where}";
        }

        if (WrongType().Match(message) is { Success: true } wrong)
        {
            return $"expected {Expected(wrong.Groups[1].Value)}{where}";
        }

        if (message.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
        {
            return $"not valid JSON{where}: the file ends before an object or array is closed";
        }

        // A syntax error: keep the library's first sentence, which is plain ("'x' is an invalid
        // start of a value"), and drop its position suffix, said better above.
        var first = message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Split(" Change the reader options", 2)[0].TrimEnd('.', ' ');
        return $"not valid JSON{where}: {first}";
    }

    private static string Where(JsonException e)
    {
        var field = e.Path is { Length: > 1 } path ? $" at {path}" : "";
        return e.LineNumber is { } line ? $"{field} (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1})" : field;
    }

    private static string Expected(string typeName) => typeName switch
    {
        _ when typeName.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        _ when typeName.Contains("List", StringComparison.Ordinal) || typeName.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when typeName.Contains("Int", StringComparison.Ordinal) => "a whole number",
        _ when typeName.Contains("Double", StringComparison.Ordinal) || typeName.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when typeName.Contains("String", StringComparison.Ordinal) => "a string",
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownField();

    [GeneratedRegex("missing required properties including: (.*?)\\.?( Path:|$)")]
    private static partial Regex MissingFields();

    [GeneratedRegex("could not be converted to ([^ .]+(?:\\.[^ .]+)*)")]
    private static partial Regex WrongType();
}
