using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Release.Logging.Configuration;

/// <summary>
/// Reads typed settings from configuration and turns each problem into a
/// <see cref="SettingException"/> naming the setting both ways (variable and key).
/// </summary>
public sealed class SettingReader(IConfiguration configuration, EnvironmentAliases aliases)
{
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>How a key is named in messages: <c>TEMPORAL_ADDRESS (Temporal:Address)</c> or the key alone.</summary>
    public string Name(string key) => aliases.VariableFor(key) is { } variable ? $"{variable} ({key})" : key;

    /// <summary>The trimmed value, or null when unset or blank.</summary>
    public string? String(string key)
    {
        var value = Configuration[key]?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string String(string key, string fallback) => String(key) ?? fallback;

    public string Required(string key, string hint) =>
        String(key) ?? throw new SettingException(Name(key), $"is not set; {hint}");

    public bool? Bool(string key)
    {
        var value = String(key);
        if (value is null)
        {
            return null;
        }

        return value.ToUpperInvariant() switch
        {
            "TRUE" or "1" or "YES" => true,
            "FALSE" or "0" or "NO" => false,
            _ => throw new SettingException(Name(key), $"is '{value}', not true or false."),
        };
    }

    public int Int(string key, int fallback, int min, int max)
    {
        var value = String(key);
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw new SettingException(Name(key), $"is '{value}', not a whole number from {min} to {max}.");
        }

        return parsed;
    }

    /// <summary>A duration as <c>30s</c>, <c>500ms</c>, <c>5m</c>, <c>1h</c> or <c>hh:mm:ss</c>.</summary>
    public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var value = String(key);
        if (value is null)
        {
            return fallback;
        }

        if (!DurationText.TryParse(value, out var parsed) || parsed < min || parsed > max)
        {
            throw new SettingException(Name(key), $"is '{value}', not a duration from {DurationText.Format(min)} to {DurationText.Format(max)} (e.g. 30s, 500ms, 2m).");
        }

        return parsed;
    }

    /// <summary>An absolute http or https URL.</summary>
    public Uri? HttpUrl(string key)
    {
        var value = String(key);
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new SettingException(Name(key), $"is '{value}', not an absolute http(s) URL.");
        }

        return uri;
    }

    public TEnum Enum<TEnum>(string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        var value = String(key);
        if (value is null)
        {
            return fallback;
        }

        if (!System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) || !System.Enum.IsDefined(parsed) || int.TryParse(value, out _))
        {
            var allowed = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
            throw new SettingException(Name(key), $"is '{value}', not one of: {allowed}.");
        }

        return parsed;
    }

    /// <summary>The path of an existing file, or null when unset.</summary>
    public string? ExistingFile(string key)
    {
        var path = String(key);
        if (path is not null && Directory.Exists(path))
        {
            throw new SettingException(Name(key), $"names '{path}', which is a folder; give a file.");
        }

        if (path is not null && !File.Exists(path))
        {
            throw new SettingException(Name(key), $"names '{path}', which does not exist or is not a file.");
        }

        return path;
    }

    /// <summary>
    /// The whole text of the file the setting names, or null when unset. A missing file, a folder, one
    /// that cannot be read (permissions, I/O) or an empty one is a <see cref="SettingException"/>,
    /// so every file setting fails the same way: one line, never an unhandled exception.
    /// </summary>
    public string? FileText(string key)
    {
        if (ExistingFile(key) is not { } path)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingException(Name(key), $"names '{path}', which cannot be read ({FileProblem.Describe(e)}); check the file and its permissions.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SettingException(Name(key), $"names '{path}', which is empty.");
        }

        return text;
    }
}
