using Microsoft.Extensions.Configuration;

namespace Release.Logging.Configuration;

/// <summary>
/// Maps well-known environment variable names (Temporal's own <c>TEMPORAL_ADDRESS</c>,
/// <c>CIRCLECI_TOKEN</c>...) onto configuration keys (<c>Temporal:Address</c>), so one typed
/// options section can come from appsettings.json or from the names operators already use.
/// </summary>
public sealed class EnvironmentAliases
{
    private readonly Dictionary<string, string> keysByVariable = new(StringComparer.Ordinal);

    /// <summary>Declares that <paramref name="variable"/> sets <paramref name="key"/>.</summary>
    public EnvironmentAliases Map(string variable, string key)
    {
        keysByVariable[variable] = key;
        return this;
    }

    /// <summary>The environment variable that sets this key, if any.</summary>
    public string? VariableFor(string key) =>
        keysByVariable.FirstOrDefault(p => string.Equals(p.Value, key, StringComparison.OrdinalIgnoreCase)).Key;

    /// <summary>
    /// Adds the aliased variables found in <paramref name="environment"/> (the process environment
    /// when null) as a configuration source. Added last, they override appsettings.json and the
    /// <c>Section__Key</c> form.
    /// </summary>
    public IConfigurationBuilder AddTo(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, key) in keysByVariable)
        {
            var value = environment is null
                ? Environment.GetEnvironmentVariable(variable)
                : environment.GetValueOrDefault(variable);
            if (value is not null)
            {
                values[key] = value;
            }
        }

        return configuration.AddInMemoryCollection(values);
    }
}
