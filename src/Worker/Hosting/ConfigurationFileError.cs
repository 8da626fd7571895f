using System.Globalization;
using System.Text.Json;

namespace Release.Worker.Hosting;

/// <summary>
/// A broken appsettings.json, said as one line: which file, what the JSON reader found, and where
/// (counted from 1, as editors do). The host's own exception is three nested .NET exceptions.
/// </summary>
public static class ConfigurationFileError
{
    public static string Describe(InvalidDataException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var quoted = message.IndexOf('\'', StringComparison.Ordinal);
        var file = quoted >= 0 && message.LastIndexOf('\'') > quoted ? message[(quoted + 1)..message.LastIndexOf('\'')] : "appsettings.json";
        var innermost = exception.GetBaseException();
        var problem = innermost is JsonException { LineNumber: { } line, BytePositionInLine: { } position } json
            ? $"{json.Message[..Math.Max(0, json.Message.IndexOf(" LineNumber:", StringComparison.Ordinal))].TrimEnd()} (line {(line + 1).ToString(CultureInfo.InvariantCulture)}, position {(position + 1).ToString(CultureInfo.InvariantCulture)})"
            : innermost.Message.TrimEnd('.');
        return $"configuration file '{file}' cannot be read: {problem}; fix it or remove it (every setting also has an environment variable).";
    }
}
