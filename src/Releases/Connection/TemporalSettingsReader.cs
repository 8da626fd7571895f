using Microsoft.Extensions.Configuration;
using Release.Logging.Configuration;

namespace Release.Releases.Connection;

/// <summary>
/// Reads <see cref="TemporalSettings"/> from the <c>Temporal</c> configuration section (Temporal's
/// environment variables, see <see cref="TemporalEnvironment"/>). Each problem throws a
/// <see cref="SettingException"/> whose one-line message names the setting; no message quotes a key.
/// </summary>
public static class TemporalSettingsReader
{
    public static TemporalSettings Read(SettingReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var address = reader.String("Temporal:Address", TemporalSettings.DefaultAddress);
        if (TemporalAddress.Problem(address) is { } problem)
        {
            throw new SettingException(reader.Name("Temporal:Address"), problem);
        }

        var apiKey = reader.String("Temporal:ApiKey");
        if (apiKey is not null && (apiKey.Any(char.IsWhiteSpace) || apiKey.Any(char.IsControl)))
        {
            // Never echo the value: it is a secret.
            throw new SettingException(reader.Name("Temporal:ApiKey"), "holds whitespace inside the key; check for a pasted line break.");
        }

        return new TemporalSettings
        {
            Address = address,
            Namespace = reader.String("Temporal:Namespace", TemporalSettings.DefaultNamespace),
            TaskQueue = reader.String("Temporal:TaskQueue", TemporalSettings.DefaultTaskQueue),
            ApiKey = apiKey,
            Tls = TlsSettingsReader.Read(reader, apiKey is not null),
            GrpcMetadata = GrpcMetadata(reader),
        };
    }

    private static Dictionary<string, string> GrpcMetadata(SettingReader reader)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in reader.Configuration.GetSection(TemporalEnvironment.GrpcMetaSection).GetChildren())
        {
            var name = entry.Key.ToLowerInvariant();
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new SettingException($"{TemporalEnvironment.GrpcMetaPrefix}{entry.Key.ToUpperInvariant().Replace('-', '_')}", "does not name a valid gRPC header (letters, digits, '-', '_', '.').");
            }

            if (entry.Value is { } value)
            {
                headers[name] = value;
            }
        }

        return headers;
    }
}
